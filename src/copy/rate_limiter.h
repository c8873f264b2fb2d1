// A token bucket shared by all copy workers: caps the bytes per second the engine moves.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>

namespace mb::copy {

class RateLimiter {
 public:
  // bytes_per_second == 0 means unlimited.
  explicit RateLimiter(uint64_t bytes_per_second);

  // Blocks until `bytes` may pass.
  void acquire(uint64_t bytes);

 private:
  using Clock = std::chrono::steady_clock;
  uint64_t rate_;
  std::mutex mutex_;
  Clock::time_point next_free_;
};

}  // namespace mb::copy
