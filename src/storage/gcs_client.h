// The GCS JSON API calls the GCS store is built from: each call authorized with a service
// account's access token (or not at all, for an emulator), sent, retried when the failure is
// transient and the call may be repeated, and failures turned into Errors that name the
// operation, the key, the HTTP status, GCS's error reason and the store.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/gcs_endpoint.h"
#include "storage/gcs_responses.h"
#include "storage/gcs_token_source.h"
#include "storage/object_store.h"
#include "util/http_client.h"
#include "util/retry.h"

namespace mb::storage::gcs {

using Query = std::vector<std::pair<std::string, std::string>>;  // decoded names and values

struct ClientConfig {
  Endpoint endpoint;
  std::shared_ptr<TokenSource> tokens;  // null: send no Authorization (an emulator)
  std::string project_id;               // owner of buckets this client creates; may be empty
  http::ClientOptions http;
  retry::Policy retry;
};

// One request as the store means it; the client adds the token and retries.
struct Call {
  std::string_view operation;  // "objects.get": names the call in errors
  std::string_view method;
  std::string url;  // without the query (a resumable session URI may carry its own)
  std::string_view key;  // for errors; empty for calls on the bucket
  Query query;
  http::Headers headers;
  std::string_view body;
  retry::Replay replay = retry::Replay::kIdempotent;
  bool resumable_session = false;  // a chunk or status query: 308 (upload incomplete) is an answer
};

// Where a resumable upload stands after a chunk or a status query.
struct SessionState {
  uint64_t persisted = 0;             // bytes GCS has kept, from the start of the object
  std::optional<ObjectInfo> object;   // set once the upload is finished
};

class Client {
 public:
  explicit Client(ClientConfig config);

  std::string describe() const;  // "gs://bucket (https://storage.googleapis.com)"
  const Endpoint& endpoint() const { return config_.endpoint; }
  const retry::Policy& retry_policy() const { return config_.retry; }
  // Who the requests act as: the service account's e-mail, or "anonymous".
  std::string principal() const;

  // A 2xx (or, for resumable uploads, 308) response, or the error (after retries).
  Result<http::Response> execute(const Call& call, std::optional<std::span<std::byte>> into = std::nullopt);
  // One attempt, no retries: for callers that must learn what the server kept before resending.
  Result<http::Response> attempt(const Call& call, std::optional<std::span<std::byte>> into = std::nullopt);

  Result<std::optional<ObjectInfo>> get_object(std::string_view key);
  Result<ListResult> list_objects(std::string_view prefix, bool recursive, std::string_view page_token);
  // Reads from `offset` into `buffer`; 0 at or past the end.
  Result<size_t> get_range(std::string_view key, uint64_t offset, std::span<std::byte> buffer);
  Result<ObjectInfo> upload_media(std::string_view key, std::string_view body);
  Result<std::string> start_resumable(std::string_view key);  // the session URI
  // One chunk from `first_byte`; `total` is the object size once known (the last chunk). No retries.
  Result<SessionState> put_chunk(const std::string& session, std::string_view key, uint64_t first_byte,
                                 std::string_view chunk, std::optional<uint64_t> total);
  Result<SessionState> query_session(const std::string& session, std::string_view key, std::optional<uint64_t> total);
  Status cancel_session(const std::string& session, std::string_view key);
  Result<RewriteProgress> rewrite(std::string_view source_bucket, std::string_view source_key, std::string_view key,
                                  std::string_view rewrite_token);
  Status delete_object(std::string_view key);  // a missing object is not an error
  Result<bool> bucket_exists();
  Status create_bucket();  // an existing bucket is not an error

 private:
  Error failure(const Call& call, long status, const http::Response& response) const;
  Result<SessionState> session_state(const Call& call);

  ClientConfig config_;
  http::HttpClient http_;
};

}  // namespace mb::storage::gcs
