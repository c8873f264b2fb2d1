// An in-memory ObjectStore for unit tests, with injectable faults. Real backends are tested
// against real servers; this one lets logic above the storage layer be tested without them.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "storage/object_store.h"

namespace mb::testing {

class MemoryStore : public storage::ObjectStore {
 public:
  // `writer_part_size`: see writer_buffer_bytes().
  explicit MemoryStore(std::string identity = "memory", uint64_t writer_part_size = uint64_t{8} << 20)
      : identity_(std::move(identity)), writer_part_size_(writer_part_size) {}

  std::string describe() const override { return "memory://" + identity_; }
  std::string identity() const override { return identity_; }
  Result<std::optional<storage::ObjectInfo>> stat(std::string_view key) override;
  Result<storage::ListPage> list_page(std::string_view prefix, bool recursive, std::string_view token) override;
  Result<size_t> read_range(std::string_view key, uint64_t offset, std::span<std::byte> buffer) override;
  Result<std::unique_ptr<storage::ObjectWriter>> open_writer(std::string_view key,
                                                             std::optional<uint64_t> size_hint) override;
  // What a REST backend with parts of `writer_part_size` bytes would buffer; this store's writers
  // keep whole objects, but the copy engine's memory budget is tested against the parts.
  uint64_t writer_buffer_bytes(uint64_t object_size) const override {
    return std::min(object_size, writer_part_size_);
  }
  Status copy_from(const ObjectStore& source, std::string_view src_key, std::string_view dst_key,
                   uint64_t size) override;
  Status remove(std::string_view key) override;

  // Direct access for assertions.
  std::map<std::string, std::string> objects() const;
  void set(const std::string& key, std::string data);

  enum class ReadFault {
    kTransient,  // a transport failure
    kThrottled,  // HTTP 503 SlowDown, as S3 paces a client
  };
  // The next `count` read_range calls fail with `fault` (both are worth a retry).
  void fail_next_reads(int count, ReadFault fault = ReadFault::kTransient) {
    failing_read_fault_ = fault;
    failing_reads_ = count;
  }
  // Every read takes `latency`, and one that finds more than `limit` reads in flight (itself
  // included) answers 503 SlowDown at once, as a store that can take only so many clients.
  void throttle_reads_above(int limit, std::chrono::milliseconds latency) {
    read_latency_ = latency;
    reads_in_flight_limit_ = limit;
  }
  // Every read of `key` fails with a permanent error.
  void fail_reads_of(std::string key);

  std::atomic<int> server_side_copies{0};
  std::atomic<int> open_writers{0};      // opened, neither committed nor aborted yet
  std::atomic<int> max_open_writers{0};  // the most ever open at once
  std::atomic<int> reads{0};
  std::atomic<int> throttled_reads{0};
  size_t page_size = 1000;

 private:
  friend class MemoryWriter;
  std::string identity_;
  const uint64_t writer_part_size_;
  mutable std::mutex mutex_;
  std::map<std::string, std::string> objects_;
  std::atomic<int> failing_reads_{0};
  std::atomic<ReadFault> failing_read_fault_{ReadFault::kTransient};
  std::atomic<int> reads_in_flight_{0};
  std::atomic<int> reads_in_flight_limit_{0};  // 0: no limit
  std::atomic<std::chrono::milliseconds> read_latency_{std::chrono::milliseconds(0)};
  std::string permanently_failing_key_;
};

}  // namespace mb::testing
