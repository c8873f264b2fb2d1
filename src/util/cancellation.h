// A flag long work polls so that a user's Ctrl-C or a job cancel stops it between steps.
#pragma once

#include <atomic>

namespace mb {

class CancellationToken {
 public:
  void cancel() noexcept { cancelled_.store(true, std::memory_order_relaxed); }
  bool cancelled() const noexcept { return cancelled_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> cancelled_{false};
};

}  // namespace mb
