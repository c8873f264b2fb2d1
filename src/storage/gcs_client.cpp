#include "storage/gcs_client.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "storage/http_answers.h"
#include "util/url_encode.h"

namespace mb::storage::gcs {
namespace {

// GCS answers 409 for a name that is taken.
ErrorCode code_for(long status) { return status == 409 ? ErrorCode::kAlreadyExists : error_code_for(status); }

std::string with_query(const std::string& url, const Query& query) {
  std::string out = url;
  char separator = url.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [name, value] : query) {
    out += separator + url_encode(name, /*keep_slash=*/false) + "=" + url_encode(value, /*keep_slash=*/false);
    separator = '&';
  }
  return out;
}

// "bytes=0-1048575" -> 1048576 bytes kept; no header: nothing kept yet.
std::optional<uint64_t> persisted_from_range(std::string_view range) {
  if (range.empty()) return uint64_t{0};
  const size_t dash = range.find('-');
  if (!range.starts_with("bytes=0-") || dash == std::string_view::npos) return std::nullopt;
  uint64_t last = 0;
  const std::string_view digits = range.substr(dash + 1);
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), last);
  if (ec != std::errc() || ptr != digits.data() + digits.size()) return std::nullopt;
  return last + 1;
}

}  // namespace

Client::Client(ClientConfig config) : config_(std::move(config)), http_(config_.http) {}

std::string Client::describe() const {
  return "gs://" + config_.endpoint.bucket + " (" + config_.endpoint.base_url + ")";
}

std::string Client::principal() const {
  return config_.tokens ? config_.tokens->account().client_email : std::string("anonymous");
}

Error Client::failure(const Call& call, long status, const http::Response& response) const {
  const auto body = parse_error(response.body);
  std::string message = std::string(call.operation) + " failed: HTTP " + std::to_string(status);
  if (body && !body->reason.empty()) message += " " + body->reason;
  if (body && !body->message.empty()) message += ": " + body->message;
  Error error(code_for(status), std::move(message));
  if (!call.key.empty()) error.with("key", std::string(call.key));
  error.with(retry::kHttpStatusKey, std::to_string(status));
  if (body && !body->reason.empty()) error.with("gcs_reason", body->reason);
  error.with("store", describe());
  return error;
}

Result<http::Response> Client::attempt(const Call& call, std::optional<std::span<std::byte>> into) {
  auto with_context = [&](Error error) {
    if (!call.key.empty()) error.with("key", std::string(call.key));
    return fail(std::move(error).with("store", describe()));
  };
  http::Request request;
  request.method = std::string(call.method);
  request.url = with_query(call.url, call.query);
  request.headers = call.headers;
  request.body = call.body;
  if (config_.tokens) {
    auto token = config_.tokens->token();
    if (!token) return with_context(std::move(token).error());
    request.headers.emplace_back("Authorization", "Bearer " + *token);
  }
  auto response = into ? http_.send(request, *into) : http_.send(request);
  if (!response) return with_context(std::move(response).error());
  const bool answered = (response->status >= 200 && response->status < 300) ||
                        (call.resumable_session && response->status == 308);
  if (!answered) return fail(failure(call, response->status, *response));
  return response;
}

Result<http::Response> Client::execute(const Call& call, std::optional<std::span<std::byte>> into) {
  return retry::run(config_.retry, call.replay, [&] { return attempt(call, into); });
}

Result<std::optional<ObjectInfo>> Client::get_object(std::string_view key) {
  auto response = execute({.operation = "objects.get", .method = "GET", .url = config_.endpoint.object_url(key),
                           .key = key, .query = {}, .headers = {}, .body = {}});
  if (!response) {
    if (response.error().code == ErrorCode::kNotFound) return std::optional<ObjectInfo>{};
    return fail(std::move(response).error());
  }
  auto info = parse_object(response->body);
  if (!info) return fail(std::move(info.error()).with("key", std::string(key)).with("store", describe()));
  return std::optional<ObjectInfo>(std::move(*info));
}

Result<ListResult> Client::list_objects(std::string_view prefix, bool recursive, std::string_view page_token) {
  Call call{.operation = "objects.list", .method = "GET", .url = config_.endpoint.objects_url(), .key = {},
            .query = {{"maxResults", "1000"}}, .headers = {}, .body = {}};
  if (!prefix.empty()) call.query.emplace_back("prefix", std::string(prefix));
  if (!recursive) call.query.emplace_back("delimiter", "/");
  if (!page_token.empty()) call.query.emplace_back("pageToken", std::string(page_token));
  return listing_page(execute(call), prefix, describe(), [](std::string_view body) { return parse_list(body); });
}

Result<size_t> Client::get_range(std::string_view key, uint64_t offset, std::span<std::byte> buffer) {
  if (buffer.empty()) return size_t{0};
  Call call{.operation = "objects.get(media)", .method = "GET", .url = config_.endpoint.object_url(key), .key = key,
            .query = {{"alt", "media"}}, .headers = {}, .body = {}};
  call.headers = {{"Range", byte_range(offset, buffer.size())}};
  return ranged_get_result(execute(call, buffer), {.operation = call.operation, .range_header = "Range", .key = key,
                                                   .offset = offset, .store = describe()});
}

Result<ObjectInfo> Client::upload_media(std::string_view key, std::string_view body) {
  MB_TRY(response, execute({.operation = "objects.insert(media)", .method = "POST",
                            .url = config_.endpoint.upload_url(), .key = key,
                            .query = {{"uploadType", "media"}, {"name", std::string(key)}},
                            .headers = {{"Content-Type", "application/octet-stream"}}, .body = body}));
  auto info = parse_object(response.body);
  if (!info) return fail(std::move(info.error()).with("key", std::string(key)).with("store", describe()));
  return info;
}

Result<std::string> Client::start_resumable(std::string_view key) {
  // A repeat after a lost answer only leaves an unused session behind, which GCS expires.
  MB_TRY(response, execute({.operation = "objects.insert(resumable)", .method = "POST",
                            .url = config_.endpoint.upload_url(), .key = key,
                            .query = {{"uploadType", "resumable"}, {"name", std::string(key)}},
                            .headers = {{"X-Upload-Content-Type", "application/octet-stream"}}, .body = {}}));
  std::string session(response.header("Location"));
  if (session.empty()) {
    return fail(Error(ErrorCode::kStorage, "resumable upload started without a session URI (no Location header)")
                    .with("key", std::string(key))
                    .with("store", describe()));
  }
  return session;
}

Result<SessionState> Client::session_state(const Call& call) {
  MB_TRY(response, attempt(call));
  SessionState state;
  if (response.status == 308) {
    const auto persisted = persisted_from_range(response.header("Range"));
    if (!persisted) {
      return fail(Error(ErrorCode::kCorrupt, "resumable upload answered an unreadable Range: " +
                                                 std::string(response.header("Range")))
                      .with("key", std::string(call.key))
                      .with("store", describe()));
    }
    state.persisted = *persisted;
    return state;
  }
  auto info = parse_object(response.body);
  if (!info) return fail(std::move(info.error()).with("key", std::string(call.key)).with("store", describe()));
  state.persisted = info->size;
  state.object = std::move(*info);
  return state;
}

Result<SessionState> Client::put_chunk(const std::string& session, std::string_view key, uint64_t first_byte,
                                       std::string_view chunk, std::optional<uint64_t> total) {
  const std::string total_text = total ? std::to_string(*total) : "*";
  const std::string range = chunk.empty() ? "bytes */" + total_text
                                          : "bytes " + std::to_string(first_byte) + "-" +
                                                std::to_string(first_byte + chunk.size() - 1) + "/" + total_text;
  return session_state({.operation = "objects.insert(resumable chunk)", .method = "PUT", .url = session, .key = key,
                        .query = {}, .headers = {{"Content-Range", range}}, .body = chunk,
                        .resumable_session = true});
}

Result<SessionState> Client::query_session(const std::string& session, std::string_view key,
                                           std::optional<uint64_t> total) {
  return session_state({.operation = "objects.insert(resumable status)", .method = "PUT", .url = session, .key = key,
                        .query = {},
                        .headers = {{"Content-Range", "bytes */" + (total ? std::to_string(*total) : std::string("*"))}},
                        .body = {}, .resumable_session = true});
}

Status Client::cancel_session(const std::string& session, std::string_view key) {
  auto response = attempt({.operation = "objects.insert(resumable cancel)", .method = "DELETE", .url = session,
                           .key = key, .query = {}, .headers = {}, .body = {}});
  // GCS confirms a cancel with 499; a session already gone is as good.
  if (!response) {
    const std::string_view status = response.error().get(retry::kHttpStatusKey);
    if (status == "499" || status == "404" || status == "410") return {};
    return fail(std::move(response).error());
  }
  return {};
}

Result<RewriteProgress> Client::rewrite(std::string_view source_bucket, std::string_view source_key,
                                        std::string_view key, std::string_view rewrite_token) {
  Call call{.operation = "objects.rewrite", .method = "POST",
            .url = config_.endpoint.object_url(source_bucket, source_key) + "/rewriteTo/b/" +
                   url_encode(config_.endpoint.bucket, false) + "/o/" + url_encode(key, false),
            .key = key, .query = {}, .headers = {}, .body = {}};
  if (!rewrite_token.empty()) call.query.emplace_back("rewriteToken", std::string(rewrite_token));
  MB_TRY(response, execute(call));
  auto progress = parse_rewrite(response.body);
  if (!progress) return fail(std::move(progress.error()).with("key", std::string(key)).with("store", describe()));
  return progress;
}

Status Client::delete_object(std::string_view key) {
  auto response = execute({.operation = "objects.delete", .method = "DELETE", .url = config_.endpoint.object_url(key),
                           .key = key, .query = {}, .headers = {}, .body = {}});
  if (!response && response.error().code != ErrorCode::kNotFound) return fail(std::move(response).error());
  return {};
}

Result<bool> Client::bucket_exists() {
  auto response = execute({.operation = "buckets.get", .method = "GET",
                           .url = config_.endpoint.buckets_url() + "/" + url_encode(config_.endpoint.bucket, false),
                           .key = {}, .query = {}, .headers = {}, .body = {}});
  if (response) return true;
  if (response.error().code == ErrorCode::kNotFound) return false;
  return fail(std::move(response).error());
}

Status Client::create_bucket() {
  const std::string body = nlohmann::json{{"name", config_.endpoint.bucket}}.dump();
  Call call{.operation = "buckets.insert", .method = "POST", .url = config_.endpoint.buckets_url(), .key = {},
            .query = {}, .headers = {{"Content-Type", "application/json"}}, .body = body};
  if (!config_.project_id.empty()) call.query.emplace_back("project", config_.project_id);
  auto response = execute(call);
  if (!response && response.error().code != ErrorCode::kAlreadyExists) return fail(std::move(response).error());
  return {};
}

}  // namespace mb::storage::gcs
