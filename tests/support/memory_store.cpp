#include "memory_store.h"

#include <cstring>
#include <thread>

#include "util/retry.h"

namespace mb::testing {

class MemoryWriter : public storage::ObjectWriter {
 public:
  MemoryWriter(MemoryStore& store, std::string key) : store_(store), key_(std::move(key)) {
    const int now = ++store_.open_writers;
    int most = store_.max_open_writers.load();
    while (now > most && !store_.max_open_writers.compare_exchange_weak(most, now)) {
    }
  }
  MemoryWriter(const MemoryWriter&) = delete;
  MemoryWriter& operator=(const MemoryWriter&) = delete;
  ~MemoryWriter() override { --store_.open_writers; }
  Status write(std::span<const std::byte> data) override {
    buffer_.append(reinterpret_cast<const char*>(data.data()), data.size());
    return {};
  }
  Status commit() override {
    store_.set(key_, std::move(buffer_));
    return {};
  }
  void abort() noexcept override { buffer_.clear(); }

 private:
  MemoryStore& store_;
  std::string key_;
  std::string buffer_;
};

Result<std::optional<storage::ObjectInfo>> MemoryStore::stat(std::string_view key) {
  std::lock_guard lock(mutex_);
  auto it = objects_.find(std::string(key));
  if (it == objects_.end()) return std::optional<storage::ObjectInfo>{};
  return storage::ObjectInfo{it->first, it->second.size(), 0, ""};
}

Result<storage::ListPage> MemoryStore::list_page(std::string_view prefix, bool recursive, std::string_view token) {
  std::lock_guard lock(mutex_);
  storage::ListPage page;
  auto it = token.empty() ? objects_.lower_bound(std::string(prefix)) : objects_.upper_bound(std::string(token));
  for (; it != objects_.end() && it->first.starts_with(prefix); ++it) {
    if (page.objects.size() + page.common_prefixes.size() == page_size) {
      page.next_token = page.objects.empty() ? page.common_prefixes.back() : page.objects.back().key;
      break;
    }
    if (!recursive) {
      auto slash = it->first.find('/', prefix.size());
      if (slash != std::string::npos) {
        auto common = it->first.substr(0, slash + 1);
        if (page.common_prefixes.empty() || page.common_prefixes.back() != common) page.common_prefixes.push_back(common);
        continue;
      }
    }
    page.objects.push_back({it->first, it->second.size(), 0, ""});
  }
  return page;
}

namespace {

Error throttled(std::string_view key) {
  return Error(ErrorCode::kUnavailable, "GetObject failed: HTTP 503 SlowDown: Please reduce your request rate.")
      .with("key", std::string(key))
      .with(retry::kHttpStatusKey, "503")
      .with("s3_code", "SlowDown");
}

// Counts a read in flight for as long as it lives.
class InFlight {
 public:
  explicit InFlight(std::atomic<int>& count) : count_(count), now_(++count) {}
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;
  ~InFlight() { --count_; }
  int now() const { return now_; }

 private:
  std::atomic<int>& count_;
  int now_;
};

}  // namespace

Result<size_t> MemoryStore::read_range(std::string_view key, uint64_t offset, std::span<std::byte> buffer) {
  ++reads;
  const InFlight in_flight(reads_in_flight_);
  if (failing_reads_.load() > 0) {
    --failing_reads_;
    if (failing_read_fault_ == ReadFault::kThrottled) {
      ++throttled_reads;
      return fail(throttled(key));
    }
    return fail(Error(ErrorCode::kUnavailable, "injected transient read failure").with("key", std::string(key)));
  }
  if (const int limit = reads_in_flight_limit_; limit > 0 && in_flight.now() > limit) {
    ++throttled_reads;
    return fail(throttled(key));
  }
  std::this_thread::sleep_for(read_latency_.load());
  std::lock_guard lock(mutex_);
  if (key == permanently_failing_key_) {
    return fail(Error(ErrorCode::kPermissionDenied, "injected permanent read failure").with("key", std::string(key)));
  }
  auto it = objects_.find(std::string(key));
  if (it == objects_.end()) return fail(Error(ErrorCode::kNotFound, "no such object").with("key", std::string(key)));
  if (offset >= it->second.size()) return size_t{0};
  const size_t n = std::min<size_t>(buffer.size(), it->second.size() - offset);
  std::memcpy(buffer.data(), it->second.data() + offset, n);
  return n;
}

Result<std::unique_ptr<storage::ObjectWriter>> MemoryStore::open_writer(std::string_view key, std::optional<uint64_t>) {
  return std::make_unique<MemoryWriter>(*this, std::string(key));
}

Status MemoryStore::copy_from(const ObjectStore& source, std::string_view src_key, std::string_view dst_key, uint64_t) {
  auto* memory_source = dynamic_cast<const MemoryStore*>(&source);
  if (!memory_source) return fail(ErrorCode::kInternal, "server-side copy from a foreign store");
  std::string data;
  {
    std::lock_guard lock(memory_source->mutex_);
    auto it = memory_source->objects_.find(std::string(src_key));
    if (it == memory_source->objects_.end()) {
      return fail(Error(ErrorCode::kNotFound, "no such object").with("key", std::string(src_key)));
    }
    data = it->second;
  }
  ++server_side_copies;
  set(std::string(dst_key), std::move(data));
  return {};
}

Status MemoryStore::remove(std::string_view key) {
  std::lock_guard lock(mutex_);
  objects_.erase(std::string(key));
  return {};
}

std::map<std::string, std::string> MemoryStore::objects() const {
  std::lock_guard lock(mutex_);
  return objects_;
}

void MemoryStore::set(const std::string& key, std::string data) {
  std::lock_guard lock(mutex_);
  objects_[key] = std::move(data);
}

void MemoryStore::fail_reads_of(std::string key) {
  std::lock_guard lock(mutex_);
  permanently_failing_key_ = std::move(key);
}

}  // namespace mb::testing
