#include "storage/gcs_token_source.h"

#include <nlohmann/json.hpp>

#include "storage/gcs_jwt.h"
#include "util/url_encode.h"
#include "util/json_parse.h"

namespace mb::storage::gcs {
namespace {

constexpr std::chrono::seconds kRefreshMargin{300};

}  // namespace

TokenSource::TokenSource(ServiceAccount account, http::ClientOptions http, retry::Policy retry)
    : account_(std::move(account)), http_(std::move(http)), retry_(retry) {}

Result<http::Response> TokenSource::exchange() {
  auto failure = [&](Error error) {
    return fail(wrap(std::move(error), "could not get a GCS access token")
                    .with("token_uri", account_.token_uri)
                    .with("service_account", account_.client_email));
  };
  // A fresh assertion per attempt: each is valid for an hour from its own issue time.
  return retry::run(retry_, retry::Replay::kIdempotent, [&]() -> Result<http::Response> {
    auto jwt = assertion(account_, kReadWriteScope, std::chrono::system_clock::now());
    if (!jwt) return failure(std::move(jwt).error());
    const std::string body = "grant_type=" + url_encode("urn:ietf:params:oauth:grant-type:jwt-bearer", false) +
                             "&assertion=" + *jwt;
    http::Request request;
    request.method = "POST";
    request.url = account_.token_uri;
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    request.body = body;
    auto response = http_.send(request);
    if (!response) return failure(std::move(response).error());
    if (response->status == 200) return response;
    // {"error":"invalid_grant","error_description":"Invalid JWT Signature."}
    const auto json = parse_json(response->body, ErrorCode::kStorage).value_or(nlohmann::json());
    std::string detail;
    if (json.is_object()) {
      detail = json.value("error", "");
      if (const std::string description = json.value("error_description", ""); !description.empty()) {
        detail += ": " + description;
      }
    }
    const long status = response->status;
    const ErrorCode code = status == 400 || status == 401 || status == 403 ? ErrorCode::kPermissionDenied
                           : status >= 500 || status == 429             ? ErrorCode::kUnavailable
                                                                        : ErrorCode::kStorage;
    return failure(Error(code, "HTTP " + std::to_string(status) + (detail.empty() ? "" : " " + detail))
                       .with(retry::kHttpStatusKey, std::to_string(status)));
  });
}

Result<std::string> TokenSource::token() {
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (!token_.empty() && now < refresh_after_) return token_;
  MB_TRY(response, exchange());
  const auto json = parse_json(response.body, ErrorCode::kStorage).value_or(nlohmann::json());
  if (!json.is_object() || !json.contains("access_token") || !json["access_token"].is_string()) {
    return fail(Error(ErrorCode::kStorage, "the GCS token endpoint answered without an access_token")
                    .with("token_uri", account_.token_uri));
  }
  const auto lifetime = json.find("expires_in");
  const auto expires_in = std::chrono::seconds(
      lifetime != json.end() && lifetime->is_number_integer() ? lifetime->get<int64_t>() : int64_t{0});
  token_ = json["access_token"].get<std::string>();
  refresh_after_ = now + expires_in - kRefreshMargin;
  return token_;
}

}  // namespace mb::storage::gcs
