#include "milvus/management_client.h"

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "util/url_encode.h"
#include "util/json_parse.h"

namespace mb::milvus {
namespace {

constexpr const char* kPausePath = "/management/datacoord/garbage_collection/pause";
constexpr const char* kResumePath = "/management/datacoord/garbage_collection/resume";
constexpr const char* kHealthPath = "/healthz";

// The start of a body for an error message: enough to show Milvus's reason, never a page of HTML.
std::string excerpt(const std::string& body) {
  constexpr size_t kMax = 200;
  return body.size() <= kMax ? body : body.substr(0, kMax) + "...";
}

Error http_error(const std::string& what, const std::string& url, int status, const std::string& body) {
  std::string message = what + ": HTTP " + std::to_string(status);
  if (!body.empty()) message += ": " + excerpt(body);
  return Error(ErrorCode::kMilvus, std::move(message)).with("url", url).with("http_status", std::to_string(status));
}

}  // namespace

ManagementClient::ManagementClient(std::string endpoint, std::chrono::milliseconds timeout)
    : endpoint_(std::move(endpoint)), timeout_(timeout) {
  while (endpoint_.ends_with('/')) endpoint_.pop_back();
}

Result<ManagementClient::Answer> ManagementClient::get(const std::string& path_and_query) const {
  static const std::regex endpoint_parts(R"(^(https?://[^/]+)(/.*)?$)", std::regex::icase);
  std::smatch parts;
  if (!std::regex_match(endpoint_, parts, endpoint_parts)) {
    return fail(Error(ErrorCode::kConfig, "the Milvus management endpoint is not an http(s) URL")
                    .with("endpoint", endpoint_));
  }
  httplib::Client client(parts[1].str());
  client.set_connection_timeout(timeout_);
  client.set_read_timeout(timeout_);
  client.set_write_timeout(timeout_);
  const auto result = client.Get(parts[2].str() + path_and_query);
  if (!result) {
    return fail(Error(ErrorCode::kUnavailable, "cannot reach the Milvus management API at " + url(path_and_query) +
                                                   ": " + httplib::to_string(result.error()) + " error")
                    .with("url", url(path_and_query)));
  }
  return Answer{result->status, result->body};
}

Result<std::optional<std::string>> ManagementClient::pause_gc(int seconds, std::optional<int64_t> collection_id) {
  std::string query = std::string(kPausePath) + "?pause_seconds=" + std::to_string(seconds);
  if (collection_id) query += "&collection_id=" + std::to_string(*collection_id);
  MB_TRY(answer, get(query));
  if (answer.status != 200) {
    return fail(http_error("pausing Milvus GC failed", url(query), answer.status, answer.body));
  }
  // {"msg": "OK"} from a cluster-wide pause; collection-level pauses add {"ticket": "..."}.
  const auto body = parse_json(answer.body, ErrorCode::kMilvus).value_or(nlohmann::json());
  if (body.is_object()) {
    const auto ticket = body.find("ticket");
    if (ticket != body.end() && ticket->is_string() && !ticket->get<std::string>().empty()) {
      return std::optional<std::string>(ticket->get<std::string>());
    }
  }
  return std::optional<std::string>();
}

Status ManagementClient::resume_gc(const std::optional<std::string>& ticket) {
  std::string query = kResumePath;
  if (ticket) query += "?ticket=" + url_encode(*ticket, /*keep_slash=*/false);
  MB_TRY(answer, get(query));
  if (answer.status != 200) {
    return fail(http_error("resuming Milvus GC failed", url(query), answer.status, answer.body));
  }
  return {};
}

Result<bool> ManagementClient::healthy() {
  MB_TRY(answer, get(kHealthPath));
  return answer.status == 200 && answer.body.find("OK") != std::string::npos;
}

}  // namespace mb::milvus
