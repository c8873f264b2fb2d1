// The one interface every storage backend implements: local disk, the S3 family, Azure Blob, GCS.
// Keys are relative to the store's bucket (container); they never start with '/'.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace mb::storage {

struct ObjectInfo {
  std::string key;
  uint64_t size = 0;
  int64_t mtime_unix = 0;  // seconds since epoch; 0 when the store does not say
  std::string etag;        // as the store reports it, quotes stripped; may be empty
};

struct ListPage {
  std::vector<ObjectInfo> objects;
  std::vector<std::string> common_prefixes;  // only for non-recursive listings; end with '/'
  std::string next_token;                    // empty when this was the last page
};

// A streamed upload. Bytes become visible under the key only on commit(); a writer destroyed
// without commit() aborts (multipart uploads are aborted, temp files removed).
class ObjectWriter {
 public:
  virtual ~ObjectWriter() = default;
  virtual Status write(std::span<const std::byte> data) = 0;
  virtual Status commit() = 0;
  virtual void abort() noexcept = 0;
};

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  // For messages: "s3://bucket (http://127.0.0.1:8333)", "local:///data/backup".
  virtual std::string describe() const = 0;

  // Two stores with equal identity reach the same objects with the same credentials, so a
  // server-side copy between them works. Contains no secret.
  virtual std::string identity() const = 0;

  // Not-found is a value (nullopt), not an error.
  virtual Result<std::optional<ObjectInfo>> stat(std::string_view key) = 0;

  // One page of keys under `prefix` (a plain string prefix, as S3 has it). recursive=false groups
  // keys at the next '/' into common_prefixes. `token` is the previous page's next_token or empty.
  virtual Result<ListPage> list_page(std::string_view prefix, bool recursive, std::string_view token) = 0;

  // Reads up to buffer.size() bytes from `offset`; returns the number read (short only at the end).
  virtual Result<size_t> read_range(std::string_view key, uint64_t offset, std::span<std::byte> buffer) = 0;

  // A streamed writer; size_hint (when known) lets a backend pick a single PUT over multipart.
  virtual Result<std::unique_ptr<ObjectWriter>> open_writer(std::string_view key,
                                                            std::optional<uint64_t> size_hint) = 0;

  // The most memory a writer opened for an object of `object_size` bytes (with that size hint)
  // holds at once: what it buffers before it sends a part on. The copy engine reserves it from its
  // memory budget before it opens the writer.
  virtual uint64_t writer_buffer_bytes(uint64_t object_size) const = 0;

  // Server-side copy of `src_key` of `source` (a store with the same identity()) to `dst_key`.
  virtual Status copy_from(const ObjectStore& source, std::string_view src_key, std::string_view dst_key,
                           uint64_t size) = 0;

  // Deletes; a missing key is not an error.
  virtual Status remove(std::string_view key) = 0;
  // Deletes many keys in as few requests as the store allows (S3: batches of 1000; stores without a
  // batch delete: one request per key, several at once). A key that
  // cannot be deleted does not stop the others; the error names the first such key and how many
  // failed.
  virtual Status remove_many(std::span<const std::string> keys);

  // Creates the bucket (container) when it does not exist yet, e.g. a new backup bucket. Stores
  // without buckets (local) have nothing to create.
  virtual Status ensure_bucket();

  // Returns once every object committed so far survives a crash of the machine. Object stores
  // acknowledge a write only once it is durable, so they have nothing to do; the local store
  // syncs its file system here instead of once per file.
  virtual Status make_durable();

  // What writers left unfinished under `prefix` (a process killed mid-write): the local store's
  // temp files beside their keys (is_partial_write), as keys that remove() deletes. Listings never
  // show them. Stores whose unfinished uploads are invisible have none.
  virtual Result<std::vector<std::string>> list_partial_writes(std::string_view prefix);

  // Helpers built on the primitives above.
  // Visits every object in key order; a non-recursive listing visits its common prefixes too, in
  // order among the objects, as entries whose key ends with '/' and whose size is 0.
  Status list(std::string_view prefix, bool recursive, const std::function<Status(const ObjectInfo&)>& visit);
  Result<std::vector<ObjectInfo>> list_all(std::string_view prefix, bool recursive = true);
  Result<std::string> get(std::string_view key);  // whole object; for small objects such as meta files
  Status put(std::string_view key, std::string_view data);
  // Deletes every object under `prefix`, and the partial writes there; an empty prefix (the whole
  // bucket) is refused.
  Status remove_prefix(std::string_view prefix);
  Status remove_partial_writes(std::string_view prefix);
  Result<bool> exists_prefix(std::string_view prefix);  // any object under prefix
};

}  // namespace mb::storage
