// The S3 REST calls the S3 store is built from: each call signed (SigV4), sent, retried when the
// failure is transient and the call may be repeated, and failures turned into Errors that name
// the operation, the key, the HTTP status, S3's error code and the store.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "storage/object_store.h"
#include "storage/s3_credentials.h"
#include "storage/s3_endpoint.h"
#include "storage/s3_responses.h"
#include "storage/s3_signer.h"
#include "util/http_client.h"
#include "util/retry.h"

namespace mb::storage::s3 {

struct ClientConfig {
  Endpoint endpoint;
  Dialect dialect;
  std::shared_ptr<CredentialsProvider> credentials;  // asked on every request: temporary keys rotate
  http::ClientOptions http;
  retry::Policy retry;
};

// One request as the store means it; the client adds host, signature and retries.
struct Call {
  std::string_view operation;  // "GetObject": names the call in errors
  std::string_view method;
  std::string_view key;  // empty for calls on the bucket
  sigv4::Query query;
  http::Headers headers;
  std::string_view body;
  retry::Replay replay = retry::Replay::kIdempotent;
  // CopyObject, UploadPartCopy and CompleteMultipartUpload can fail after answering 200: the body
  // is then an <Error> document.
  bool error_in_ok_body = false;
};

class Client {
 public:
  explicit Client(ClientConfig config);

  std::string describe() const;  // "s3://bucket (http://127.0.0.1:9000)"
  const Endpoint& endpoint() const { return config_.endpoint; }
  const Dialect& dialect() const { return config_.dialect; }
  const std::string& credentials_identity() const { return config_.credentials->identity(); }

  // A 2xx response, or the error (after retries).
  Result<http::Response> execute(const Call& call, std::optional<std::span<std::byte>> into = std::nullopt);

  Result<std::optional<ObjectInfo>> head_object(std::string_view key);
  Result<ListResult> list_objects_v2(std::string_view prefix, bool recursive, std::string_view token);
  // Reads from `offset` into `buffer`; 0 at or past the end.
  Result<size_t> get_range(std::string_view key, uint64_t offset, std::span<std::byte> buffer);
  Status put_object(std::string_view key, std::string_view body);
  Result<std::string> create_multipart_upload(std::string_view key);  // the upload id
  Result<std::string> upload_part(std::string_view key, std::string_view upload_id, int part_number,
                                  std::string_view body);  // the part's ETag
  Result<std::string> upload_part_copy(std::string_view key, std::string_view upload_id, int part_number,
                                       std::string_view source_bucket, std::string_view source_key, uint64_t first_byte,
                                       uint64_t last_byte);
  Status complete_multipart_upload(std::string_view key, std::string_view upload_id,
                                   std::span<const std::string> etags);
  Status abort_multipart_upload(std::string_view key, std::string_view upload_id);
  Status copy_object(std::string_view source_bucket, std::string_view source_key, std::string_view key);
  Status delete_object(std::string_view key);
  // Per-key failures of one DeleteObjects request (at most 1000 keys).
  Result<std::vector<DeleteFailure>> delete_objects(std::span<const std::string> keys);
  Result<bool> bucket_exists();
  Status create_bucket();

 private:
  Result<http::Response> attempt(const Call& call, std::optional<std::span<std::byte>> into);
  Error failure(const Call& call, long status, const http::Response& response) const;
  std::string copy_source(std::string_view bucket, std::string_view key) const;

  ClientConfig config_;
  http::HttpClient http_;
};

}  // namespace mb::storage::s3
