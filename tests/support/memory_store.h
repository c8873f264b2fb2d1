// An in-memory ObjectStore for unit tests, with injectable faults. Real backends are tested
// against real servers; this one lets logic above the storage layer be tested without them.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>

#include "storage/object_store.h"

namespace mb::testing {

class MemoryStore : public storage::ObjectStore {
 public:
  explicit MemoryStore(std::string identity = "memory") : identity_(std::move(identity)) {}

  std::string describe() const override { return "memory://" + identity_; }
  std::string identity() const override { return identity_; }
  Result<std::optional<storage::ObjectInfo>> stat(std::string_view key) override;
  Result<storage::ListPage> list_page(std::string_view prefix, bool recursive, std::string_view token) override;
  Result<size_t> read_range(std::string_view key, uint64_t offset, std::span<std::byte> buffer) override;
  Result<std::unique_ptr<storage::ObjectWriter>> open_writer(std::string_view key,
                                                             std::optional<uint64_t> size_hint) override;
  Status copy_from(const ObjectStore& source, std::string_view src_key, std::string_view dst_key,
                   uint64_t size) override;
  Status remove(std::string_view key) override;

  // Direct access for assertions.
  std::map<std::string, std::string> objects() const;
  void set(const std::string& key, std::string data);

  // The next `count` read_range calls fail with a transient (retryable) error.
  void fail_next_reads(int count) { failing_reads_ = count; }
  // Every read of `key` fails with a permanent error.
  void fail_reads_of(std::string key);

  std::atomic<int> server_side_copies{0};
  std::atomic<int> reads{0};
  size_t page_size = 1000;

 private:
  friend class MemoryWriter;
  std::string identity_;
  mutable std::mutex mutex_;
  std::map<std::string, std::string> objects_;
  std::atomic<int> failing_reads_{0};
  std::string permanently_failing_key_;
};

}  // namespace mb::testing
