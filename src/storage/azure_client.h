// The Azure Blob REST calls the Azure store is built from: each call signed with Shared Key, sent,
// retried when the failure is transient and the call may be repeated, and failures turned into
// Errors that name the operation, the key, the HTTP status, Azure's error code and the store.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "storage/azure_endpoint.h"
#include "storage/azure_responses.h"
#include "storage/azure_shared_key.h"
#include "storage/object_store.h"
#include "util/http_client.h"
#include "util/retry.h"

namespace mb::storage::azure {

// The REST API version of every request and of the SASes we sign.
inline constexpr std::string_view kApiVersion = "2023-11-03";

struct ClientConfig {
  Endpoint endpoint;
  std::string account_key;  // decoded bytes; secret: never logged, never in errors
  http::ClientOptions http;
  retry::Policy retry;
};

// One request as the store means it; the client adds the date, version, signature and retries.
struct Call {
  std::string_view operation;  // "GetBlob": names the call in errors
  std::string_view method;
  std::string_view key;  // empty for calls on the container
  Query query;
  http::Headers headers;
  std::string_view body;
  retry::Replay replay = retry::Replay::kIdempotent;
};

// The state of the last Copy Blob into a blob (all empty when it never was a copy destination).
struct CopyState {
  std::string id;
  std::string status;  // "pending", "success", "aborted", "failed"
  std::string description;
};

struct BlobProperties {
  ObjectInfo info;
  CopyState copy;
};

class Client {
 public:
  explicit Client(ClientConfig config);

  std::string describe() const;  // "azure://container (https://acct.blob.core.windows.net)"
  const Endpoint& endpoint() const { return config_.endpoint; }

  // A 2xx response, or the error (after retries).
  Result<http::Response> execute(const Call& call, std::optional<std::span<std::byte>> into = std::nullopt);

  Result<std::optional<BlobProperties>> get_properties(std::string_view key);
  Result<ListResult> list_blobs(std::string_view prefix, bool recursive, std::string_view marker);
  // Reads from `offset` into `buffer`; 0 at or past the end.
  Result<size_t> get_range(std::string_view key, uint64_t offset, std::span<std::byte> buffer);
  Status put_blob(std::string_view key, std::string_view body);
  Status put_block(std::string_view key, std::string_view block_id, std::string_view body);
  Status put_block_list(std::string_view key, std::span<const std::string> block_ids);
  // Copy Blob From URL: synchronous, for sources up to 256 MiB.
  Status copy_from_url(std::string_view key, std::string_view source_url);
  // Copy Blob: asynchronous; poll get_properties() until the copy is no longer pending.
  Result<CopyState> start_copy(std::string_view key, std::string_view source_url);
  Status delete_blob(std::string_view key);  // a missing blob is not an error
  Status create_container();                 // an existing container is not an error

  // The URL of one of this client's blobs with a read-only SAS valid until now + `lifetime`,
  // signed with this client's key: what a copy into another account (or this one) reads from.
  std::string presigned_read_url(std::string_view key, std::chrono::seconds lifetime) const;

 private:
  Result<http::Response> attempt(const Call& call, std::optional<std::span<std::byte>> into);
  Error failure(const Call& call, long status, const http::Response& response) const;

  ClientConfig config_;
  http::HttpClient http_;
};

}  // namespace mb::storage::azure
