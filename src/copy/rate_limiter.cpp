#include "copy/rate_limiter.h"

#include <thread>

namespace mb::copy {

RateLimiter::RateLimiter(uint64_t bytes_per_second) : rate_(bytes_per_second), next_free_(Clock::now()) {}

void RateLimiter::acquire(uint64_t bytes) {
  if (rate_ == 0) return;
  Clock::time_point wait_until;
  {
    std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    // Idle time earns at most one second of burst, so a pause does not allow a flood after it.
    const auto earliest = now - std::chrono::seconds(1);
    if (next_free_ < earliest) next_free_ = earliest;
    wait_until = next_free_;
    next_free_ += std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(static_cast<double>(bytes) / static_cast<double>(rate_)));
  }
  std::this_thread::sleep_until(wait_until);
}

}  // namespace mb::copy
