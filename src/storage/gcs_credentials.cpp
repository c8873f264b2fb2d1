#include "storage/gcs_credentials.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "util/json_parse.h"

namespace mb::storage::gcs {
namespace {

constexpr std::string_view kDefaultTokenUri = "https://oauth2.googleapis.com/token";

std::string string_field(const nlohmann::json& json, const char* name) {
  const auto it = json.find(name);
  return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Result<ServiceAccount> parse_service_account(std::string_view text) {
  const nlohmann::json json = parse_json(text, ErrorCode::kInvalidArgument).value_or(nlohmann::json());
  if (!json.is_object()) {
    return fail(ErrorCode::kInvalidArgument, "the GCS credentials file is not a JSON object");
  }
  if (const std::string type = string_field(json, "type"); type != "service_account") {
    return fail(ErrorCode::kInvalidArgument, "the GCS credentials file must be a service account key "
                                             "(\"type\": \"service_account\"), not \"" + type + "\"");
  }
  ServiceAccount account;
  account.client_email = string_field(json, "client_email");
  account.private_key = string_field(json, "private_key");
  account.private_key_id = string_field(json, "private_key_id");
  account.token_uri = string_field(json, "token_uri");
  account.project_id = string_field(json, "project_id");
  for (const auto& [field, value] : {std::pair{"client_email", &account.client_email},
                                     std::pair{"private_key", &account.private_key}}) {
    if (value->empty()) {
      return fail(ErrorCode::kInvalidArgument, std::string("the GCS credentials file has no \"") + field + "\"");
    }
  }
  if (account.token_uri.empty()) account.token_uri = kDefaultTokenUri;
  return account;
}

Result<ServiceAccount> load_service_account(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(Error(ErrorCode::kInvalidArgument, "cannot read the GCS credentials file")
                    .with("path", path)
                    .with("config_key", "storage.auth.credentialsFile"));
  }
  std::stringstream text;
  text << in.rdbuf();
  auto account = parse_service_account(text.str());
  if (!account) {
    return fail(std::move(account.error()).with("path", path).with("config_key", "storage.auth.credentialsFile"));
  }
  return account;
}

}  // namespace mb::storage::gcs
