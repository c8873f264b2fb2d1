#include "storage/azure_client.h"

#include <charconv>

#include "storage/azure_sas.h"
#include "storage/http_answers.h"
#include "storage/s3_responses.h"
#include "util/digest.h"
#include "util/url_encode.h"

namespace mb::storage::azure {
namespace {

ErrorCode code_for(long status, std::string_view azure_code) {
  if (status == 409 && (azure_code == "ContainerAlreadyExists" || azure_code == "BlobAlreadyExists")) {
    return ErrorCode::kAlreadyExists;
  }
  return error_code_for(status);
}

std::string encode_query(const Query& query) {
  std::string out;
  for (const auto& [name, value] : query) {
    if (!out.empty()) out.push_back('&');
    out += url_encode(name, /*keep_slash=*/false) + "=" + url_encode(value, /*keep_slash=*/false);
  }
  return out;
}

std::string content_md5(std::string_view body) { return digest::base64_encode(digest::md5(body)); }

uint64_t to_u64(std::string_view text) {
  uint64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

CopyState copy_state_of(const http::Response& response) {
  return CopyState{std::string(response.header("x-ms-copy-id")), std::string(response.header("x-ms-copy-status")),
                   std::string(response.header("x-ms-copy-status-description"))};
}

}  // namespace

Client::Client(ClientConfig config) : config_(std::move(config)), http_(config_.http) {}

std::string Client::describe() const {
  return "azure://" + config_.endpoint.container + " (" + config_.endpoint.service_url() + ")";
}

Error Client::failure(const Call& call, long status, const http::Response& response) const {
  const auto body = parse_error(response.body);
  // HEAD answers have no body; the code then comes as a header.
  const std::string azure_code = body && !body->code.empty() ? body->code : std::string(response.header("x-ms-error-code"));
  std::string message = std::string(call.operation) + " failed: HTTP " + std::to_string(status);
  if (!azure_code.empty()) {
    message += " " + azure_code;
    if (body && !body->message.empty()) message += ": " + body->message;
  } else if (!reason_phrase(status).empty()) {
    message += " " + std::string(reason_phrase(status));
  }
  // Azure says AuthenticationFailed for a wrong key, Azurite AuthorizationFailure.
  if (status == 403) message += " (check storage.accountName and storage.auth.accountKey)";
  Error error(code_for(status, azure_code), std::move(message));
  if (!call.key.empty()) error.with("key", std::string(call.key));
  error.with(retry::kHttpStatusKey, std::to_string(status));
  if (!azure_code.empty()) error.with("azure_code", azure_code);
  if (const auto request_id = response.header("x-ms-request-id"); !request_id.empty()) {
    error.with("request_id", std::string(request_id));
  }
  error.with("store", describe());
  return error;
}

Result<http::Response> Client::attempt(const Call& call, std::optional<std::span<std::byte>> into) {
  const std::string path = config_.endpoint.path(call.key);
  http::Request request;
  request.method = std::string(call.method);
  request.url = config_.endpoint.url(path, encode_query(call.query));
  request.headers = call.headers;
  request.headers.emplace_back("x-ms-date", http_date(std::chrono::system_clock::now()));
  request.headers.emplace_back("x-ms-version", std::string(kApiVersion));
  request.body = call.body;
  const RequestToSign to_sign{.method = call.method,
                              .account = config_.endpoint.account,
                              .encoded_path = path,
                              .query = call.query,
                              .headers = request.headers,
                              .content_length = call.body.size()};
  request.headers.emplace_back("Authorization", authorization(to_sign, config_.account_key));

  auto response = into ? http_.send(request, *into) : http_.send(request);
  if (!response) {
    Error error = std::move(response).error();
    if (!call.key.empty()) error.with("key", std::string(call.key));
    return fail(std::move(error).with("store", describe()));
  }
  if (response->status < 200 || response->status >= 300) return fail(failure(call, response->status, *response));
  return response;
}

Result<http::Response> Client::execute(const Call& call, std::optional<std::span<std::byte>> into) {
  return retry::run(config_.retry, call.replay, [&] { return attempt(call, into); });
}

Result<std::optional<BlobProperties>> Client::get_properties(std::string_view key) {
  auto response = execute({.operation = "GetBlobProperties", .method = "HEAD", .key = key, .query = {},
                           .headers = {}, .body = {}});
  if (!response) {
    if (response.error().code == ErrorCode::kNotFound) return std::optional<BlobProperties>{};
    return fail(std::move(response).error());
  }
  BlobProperties properties;
  properties.info.key = std::string(key);
  properties.info.size = to_u64(response->header("Content-Length"));
  properties.info.mtime_unix = s3::parse_http_date(response->header("Last-Modified")).value_or(0);
  properties.info.etag = s3::strip_quotes(response->header("ETag"));
  properties.copy = copy_state_of(*response);
  return std::optional<BlobProperties>(std::move(properties));
}

Result<ListResult> Client::list_blobs(std::string_view prefix, bool recursive, std::string_view marker) {
  Call call{.operation = "ListBlobs", .method = "GET", .key = {}, .query = {}, .headers = {}, .body = {}};
  call.query = {{"restype", "container"}, {"comp", "list"}, {"maxresults", "1000"}};
  if (!prefix.empty()) call.query.emplace_back("prefix", std::string(prefix));
  if (!recursive) call.query.emplace_back("delimiter", "/");
  if (!marker.empty()) call.query.emplace_back("marker", std::string(marker));
  return listing_page(execute(call), prefix, describe(), [](std::string_view body) { return parse_list_blobs(body); });
}

Result<size_t> Client::get_range(std::string_view key, uint64_t offset, std::span<std::byte> buffer) {
  if (buffer.empty()) return size_t{0};
  Call call{.operation = "GetBlob", .method = "GET", .key = key, .query = {}, .headers = {}, .body = {}};
  call.headers = {{"x-ms-range", byte_range(offset, buffer.size())}};
  return ranged_get_result(execute(call, buffer), {.operation = call.operation, .range_header = "x-ms-range",
                                                   .key = key, .offset = offset, .store = describe()});
}

Status Client::put_blob(std::string_view key, std::string_view body) {
  MB_CHECK(execute({.operation = "PutBlob", .method = "PUT", .key = key, .query = {},
                    .headers = {{"x-ms-blob-type", "BlockBlob"}, {"Content-MD5", content_md5(body)}}, .body = body}));
  return {};
}

Status Client::put_block(std::string_view key, std::string_view block_id, std::string_view body) {
  MB_CHECK(execute({.operation = "PutBlock", .method = "PUT", .key = key,
                    .query = {{"comp", "block"}, {"blockid", std::string(block_id)}},
                    .headers = {{"Content-MD5", content_md5(body)}}, .body = body}));
  return {};
}

Status Client::put_block_list(std::string_view key, std::span<const std::string> block_ids) {
  const std::string body = block_list_body(block_ids);
  // Repeating it is harmless: <Latest> also finds blocks that an earlier attempt committed.
  MB_CHECK(execute({.operation = "PutBlockList", .method = "PUT", .key = key, .query = {{"comp", "blocklist"}},
                    .headers = {{"Content-Type", "application/xml"}}, .body = body}));
  return {};
}

Status Client::copy_from_url(std::string_view key, std::string_view source_url) {
  const Call call{.operation = "CopyBlobFromURL", .method = "PUT", .key = key, .query = {},
                  .headers = {{"x-ms-copy-source", std::string(source_url)}, {"x-ms-requires-sync", "true"}},
                  .body = {}};
  MB_TRY(response, execute(call));
  if (const auto status = response.header("x-ms-copy-status"); status != "success") {
    return fail(Error(ErrorCode::kStorage, "CopyBlobFromURL answered copy status \"" + std::string(status) + "\"")
                    .with("key", std::string(key))
                    .with("store", describe()));
  }
  return {};
}

Result<CopyState> Client::start_copy(std::string_view key, std::string_view source_url) {
  // Not blindly repeated: a second copy onto a blob with one pending fails with 409.
  MB_TRY(response, execute({.operation = "CopyBlob", .method = "PUT", .key = key, .query = {},
                            .headers = {{"x-ms-copy-source", std::string(source_url)}}, .body = {},
                            .replay = retry::Replay::kNotIdempotent}));
  return copy_state_of(response);
}

Status Client::delete_blob(std::string_view key) {
  auto response = execute({.operation = "DeleteBlob", .method = "DELETE", .key = key, .query = {}, .headers = {},
                           .body = {}});
  if (!response && response.error().code != ErrorCode::kNotFound) return fail(std::move(response).error());
  return {};
}

Status Client::create_container() {
  auto response = execute({.operation = "CreateContainer", .method = "PUT", .key = {},
                           .query = {{"restype", "container"}}, .headers = {}, .body = {}});
  if (!response && response.error().get("azure_code") != "ContainerAlreadyExists") {
    return fail(std::move(response).error());
  }
  return {};
}

std::string Client::presigned_read_url(std::string_view key, std::chrono::seconds lifetime) const {
  const Endpoint& endpoint = config_.endpoint;
  const std::string expiry = sas_time(std::chrono::system_clock::now() + lifetime);
  const BlobSas sas{.account = endpoint.account,
                    .container = endpoint.container,
                    .blob = key,
                    .permissions = "r",
                    .expiry = expiry,
                    .protocol = endpoint.scheme == "https" ? "https" : "https,http",
                    .version = kApiVersion};
  return endpoint.url(endpoint.path(key), query_string(sas, config_.account_key));
}

}  // namespace mb::storage::azure
