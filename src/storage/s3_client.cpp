#include "storage/s3_client.h"

#include <charconv>
#include <chrono>

#include "storage/http_answers.h"
#include "util/digest.h"
#include "util/url_encode.h"

namespace mb::storage::s3 {
namespace {

constexpr std::string_view kEmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

ErrorCode code_for(long status, std::string_view s3_code) {
  if (status == 409 && (s3_code == "BucketAlreadyOwnedByYou" || s3_code == "BucketAlreadyExists")) {
    return ErrorCode::kAlreadyExists;
  }
  return error_code_for(status);
}

bool is_success(long status) { return status >= 200 && status < 300; }

}  // namespace

Client::Client(ClientConfig config) : config_(std::move(config)), http_(config_.http) {}

std::string Client::describe() const {
  return "s3://" + config_.endpoint.bucket + " (" + config_.endpoint.scheme + "://" + config_.endpoint.service_host + ")";
}

Error Client::failure(const Call& call, long status, const http::Response& response) const {
  const auto body = parse_error(response.body);
  std::string message = std::string(call.operation) + " failed: HTTP " + std::to_string(status);
  if (body && !body->code.empty()) {
    message += " " + body->code;
    if (!body->message.empty()) message += ": " + body->message;
  } else if (!reason_phrase(status).empty()) {
    message += " " + std::string(reason_phrase(status));
  }
  Error error(code_for(status, body ? body->code : ""), std::move(message));
  if (!call.key.empty()) error.with("key", std::string(call.key));
  error.with(retry::kHttpStatusKey, std::to_string(status));
  if (body && !body->code.empty()) error.with("s3_code", body->code);
  const std::string request_id = body && !body->request_id.empty() ? body->request_id
                                                                    : std::string(response.header("x-amz-request-id"));
  if (!request_id.empty()) error.with("request_id", request_id);
  error.with("store", describe());
  return error;
}

Result<http::Response> Client::attempt(const Call& call, std::optional<std::span<std::byte>> into) {
  const std::string path = config_.endpoint.path(call.key);
  http::Request request;
  request.method = std::string(call.method);
  request.url = config_.endpoint.url(sigv4::canonical_uri(path), sigv4::canonical_query(call.query));
  request.headers = call.headers;
  request.headers.emplace_back("Host", config_.endpoint.host());
  request.body = call.body;

  auto credentials = config_.credentials->credentials();
  if (!credentials) return fail(std::move(credentials).error().with("store", describe()));
  if (config_.dialect.oauth_bearer) {
    request.headers.emplace_back("Authorization", "Bearer " + credentials->session_token);
  } else {
    // Over TLS the transport protects the body; over plain HTTP the signature covers it too.
    const std::string payload_hash = call.body.empty()            ? std::string(kEmptySha256)
                                     : config_.endpoint.scheme == "https" ? std::string(sigv4::kUnsignedPayload)
                                                                          : digest::sha256_hex(call.body);
    sigv4::sign_s3_request(call.method, path, call.query, request.headers, payload_hash, *credentials,
                           config_.endpoint.region, std::chrono::system_clock::now());
  }

  auto response = into ? http_.send(request, *into) : http_.send(request);
  if (!response) {
    Error error = std::move(response).error();
    if (!call.key.empty()) error.with("key", std::string(call.key));
    return fail(std::move(error).with("store", describe()));
  }
  if (!is_success(response->status)) return fail(failure(call, response->status, *response));
  if (call.error_in_ok_body) {
    if (auto body = parse_error(response->body)) {
      // S3 documents these as transient (retry them); as a status they read like 500 and 503.
      const long status = body->code == "SlowDown" ? 503 : body->code == "InternalError" ? 500 : response->status;
      return fail(failure(call, status, *response));
    }
  }
  return response;
}

Result<http::Response> Client::execute(const Call& call, std::optional<std::span<std::byte>> into) {
  return retry::run(config_.retry, call.replay, [&] { return attempt(call, into); });
}

Result<std::optional<ObjectInfo>> Client::head_object(std::string_view key) {
  auto response = execute({.operation = "HeadObject", .method = "HEAD", .key = key, .query = {}, .headers = {}, .body = {}});
  if (!response) {
    if (response.error().code == ErrorCode::kNotFound) return std::optional<ObjectInfo>{};
    return fail(std::move(response).error());
  }
  ObjectInfo info;
  info.key = std::string(key);
  const std::string_view length = response->header("Content-Length");
  if (std::from_chars(length.data(), length.data() + length.size(), info.size).ec != std::errc()) {
    return fail(Error(ErrorCode::kStorage, "HeadObject answered without a Content-Length")
                    .with("key", std::string(key))
                    .with("store", describe()));
  }
  info.mtime_unix = parse_http_date(response->header("Last-Modified")).value_or(0);
  info.etag = strip_quotes(response->header("ETag"));
  return std::optional<ObjectInfo>(std::move(info));
}

Result<ListResult> Client::list_objects_v2(std::string_view prefix, bool recursive, std::string_view token) {
  Call call{.operation = "ListObjectsV2", .method = "GET", .key = {}, .query = {}, .headers = {}, .body = {}};
  // encoding-type=url: keys with characters XML cannot carry still list correctly.
  call.query = {{"list-type", "2"}, {"encoding-type", "url"}, {"max-keys", "1000"}, {"prefix", std::string(prefix)}};
  if (!recursive) call.query.emplace_back("delimiter", "/");
  if (!token.empty()) call.query.emplace_back("continuation-token", std::string(token));
  return listing_page(execute(call), prefix, describe(), [](std::string_view body) { return parse_list_objects_v2(body); });
}

Result<size_t> Client::get_range(std::string_view key, uint64_t offset, std::span<std::byte> buffer) {
  if (buffer.empty()) return size_t{0};
  Call call{.operation = "GetObject", .method = "GET", .key = key, .query = {}, .headers = {}, .body = {}};
  call.headers = {{"Range", byte_range(offset, buffer.size())}};
  return ranged_get_result(execute(call, buffer), {.operation = call.operation, .range_header = "Range", .key = key,
                                                   .offset = offset, .store = describe()});
}

Status Client::put_object(std::string_view key, std::string_view body) {
  MB_CHECK(execute({.operation = "PutObject", .method = "PUT", .key = key, .query = {}, .headers = {}, .body = body}));
  return {};
}

Result<std::string> Client::create_multipart_upload(std::string_view key) {
  MB_TRY(response, execute({.operation = "CreateMultipartUpload", .method = "POST", .key = key,
                            .query = {{"uploads", ""}}, .headers = {}, .body = {},
                            .replay = retry::Replay::kNotIdempotent}));
  auto id = parse_upload_id(response.body);
  if (!id) return fail(std::move(id.error()).with("key", std::string(key)).with("store", describe()));
  return id;
}

Result<std::string> Client::upload_part(std::string_view key, std::string_view upload_id, int part_number,
                                        std::string_view body) {
  MB_TRY(response, execute({.operation = "UploadPart", .method = "PUT", .key = key,
                            .query = {{"partNumber", std::to_string(part_number)}, {"uploadId", std::string(upload_id)}},
                            .headers = {}, .body = body}));
  std::string etag = strip_quotes(response.header("ETag"));
  if (etag.empty()) {
    return fail(Error(ErrorCode::kStorage, "UploadPart answered without an ETag")
                    .with("key", std::string(key))
                    .with("store", describe()));
  }
  return etag;
}

std::string Client::copy_source(std::string_view bucket, std::string_view key) const {
  return "/" + std::string(bucket) + "/" + url_encode(key, /*keep_slash=*/true);
}

Result<std::string> Client::upload_part_copy(std::string_view key, std::string_view upload_id, int part_number,
                                             std::string_view source_bucket, std::string_view source_key,
                                             uint64_t first_byte, uint64_t last_byte) {
  MB_TRY(response, execute({.operation = "UploadPartCopy", .method = "PUT", .key = key,
                            .query = {{"partNumber", std::to_string(part_number)}, {"uploadId", std::string(upload_id)}},
                            .headers = {{"x-amz-copy-source", copy_source(source_bucket, source_key)},
                                        {"x-amz-copy-source-range",
                                         "bytes=" + std::to_string(first_byte) + "-" + std::to_string(last_byte)}},
                            .body = {}, .error_in_ok_body = true}));
  auto etag = parse_copy_etag(response.body);
  if (!etag) return fail(std::move(etag.error()).with("key", std::string(key)).with("store", describe()));
  return etag;
}

Status Client::complete_multipart_upload(std::string_view key, std::string_view upload_id,
                                         std::span<const std::string> etags) {
  const std::string body = complete_multipart_body(etags);
  MB_CHECK(execute({.operation = "CompleteMultipartUpload", .method = "POST", .key = key,
                    .query = {{"uploadId", std::string(upload_id)}}, .headers = {{"Content-Type", "application/xml"}},
                    .body = body, .error_in_ok_body = true}));
  return {};
}

Status Client::abort_multipart_upload(std::string_view key, std::string_view upload_id) {
  auto response = execute({.operation = "AbortMultipartUpload", .method = "DELETE", .key = key,
                           .query = {{"uploadId", std::string(upload_id)}}, .headers = {}, .body = {}});
  // Already gone (aborted or completed by an earlier attempt) is what an abort wants.
  if (!response && response.error().code != ErrorCode::kNotFound) return fail(std::move(response).error());
  return {};
}

Status Client::copy_object(std::string_view source_bucket, std::string_view source_key, std::string_view key) {
  MB_CHECK(execute({.operation = "CopyObject", .method = "PUT", .key = key, .query = {},
                    .headers = {{"x-amz-copy-source", copy_source(source_bucket, source_key)}}, .body = {},
                    .error_in_ok_body = true}));
  return {};
}

Status Client::delete_object(std::string_view key) {
  auto response = execute({.operation = "DeleteObject", .method = "DELETE", .key = key, .query = {}, .headers = {},
                           .body = {}});
  if (!response && response.error().code != ErrorCode::kNotFound) return fail(std::move(response).error());
  return {};
}

Result<std::vector<DeleteFailure>> Client::delete_objects(std::span<const std::string> keys) {
  const std::string body = delete_objects_body(keys);
  // S3 insists on an integrity header for DeleteObjects.
  MB_TRY(response, execute({.operation = "DeleteObjects", .method = "POST", .key = {}, .query = {{"delete", ""}},
                            .headers = {{"Content-MD5", digest::base64_encode(digest::md5(body))},
                                        {"Content-Type", "application/xml"}},
                            .body = body}));
  auto failures = parse_delete_result(response.body);
  if (!failures) return fail(std::move(failures.error()).with("store", describe()));
  return failures;
}

Result<bool> Client::bucket_exists() {
  auto response = execute({.operation = "HeadBucket", .method = "HEAD", .key = {}, .query = {}, .headers = {},
                           .body = {}});
  if (response) return true;
  if (response.error().code == ErrorCode::kNotFound) return false;
  return fail(std::move(response).error());
}

Status Client::create_bucket() {
  std::string body;
  const std::string& region = config_.endpoint.region;
  // us-east-1 is S3's default and must not be named; GCS chooses locations its own way.
  if (region != "us-east-1" && region != "auto") {
    body = "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>" +
           region + "</LocationConstraint></CreateBucketConfiguration>";
  }
  auto response = execute({.operation = "CreateBucket", .method = "PUT", .key = {}, .query = {}, .headers = {},
                           .body = body});
  if (!response && response.error().get("s3_code") != "BucketAlreadyOwnedByYou") return fail(std::move(response).error());
  return {};
}

}  // namespace mb::storage::s3
