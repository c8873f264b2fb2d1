#include "copy/memory_budget.h"

#include <algorithm>
#include <chrono>

namespace mb::copy {
namespace {

constexpr auto kStopCheckInterval = std::chrono::milliseconds(20);

// A zero limit would grant nothing, ever.
uint64_t usable_limit(uint64_t limit_bytes) { return std::max<uint64_t>(limit_bytes, 1); }

}  // namespace

MemoryBudget::MemoryBudget(uint64_t limit_bytes) : limit_(usable_limit(limit_bytes)) {}

MemoryBudget::Reservation MemoryBudget::reserve(uint64_t bytes) { return *reserve_unless(bytes, nullptr); }

std::optional<MemoryBudget::Reservation> MemoryBudget::reserve_unless(uint64_t bytes,
                                                                      const std::function<bool()>& stop) {
  std::unique_lock lock(mutex_);
  const uint64_t ticket = next_ticket_++;
  // Cut down to the limit as it is when the turn comes: the limit may change while this waits.
  const auto granted_now = [&] { return ticket == serving_ && reserved_ + std::min(bytes, limit_) <= limit_; };
  if (stop) {
    while (!granted_now()) {
      if (stop()) {
        abandoned_.insert(ticket);
        skip_abandoned_turns();
        lock.unlock();
        freed_.notify_all();  // the turn may have passed to the next in line
        return std::nullopt;
      }
      freed_.wait_for(lock, kStopCheckInterval);
    }
  } else {
    freed_.wait(lock, granted_now);
  }
  const uint64_t granted = std::min(bytes, limit_);
  reserved_ += granted;
  peak_reserved_ = std::max(peak_reserved_, reserved_);
  ++serving_;
  skip_abandoned_turns();
  lock.unlock();
  // The next in line may fit in what is left.
  freed_.notify_all();
  return Reservation(this, granted);
}

void MemoryBudget::skip_abandoned_turns() {
  while (abandoned_.erase(serving_) > 0) ++serving_;
}

void MemoryBudget::set_limit(uint64_t limit_bytes) {
  {
    std::lock_guard lock(mutex_);
    limit_ = usable_limit(limit_bytes);
  }
  // A larger limit may let the next in line through.
  freed_.notify_all();
}

uint64_t MemoryBudget::peak_reserved() const {
  std::lock_guard lock(mutex_);
  return peak_reserved_;
}

void MemoryBudget::reset_peak() {
  std::lock_guard lock(mutex_);
  peak_reserved_ = reserved_;
}

uint64_t MemoryBudget::waiting() const {
  std::lock_guard lock(mutex_);
  return next_ticket_ - serving_;
}

void MemoryBudget::give_back(uint64_t bytes) {
  {
    std::lock_guard lock(mutex_);
    reserved_ -= bytes;
  }
  freed_.notify_all();
}

MemoryBudget::Reservation::~Reservation() {
  if (budget_) budget_->give_back(bytes_);
}

MemoryBudget& process_memory_budget(uint64_t limit_bytes) {
  static MemoryBudget budget(limit_bytes);
  budget.set_limit(limit_bytes);
  return budget;
}

}  // namespace mb::copy
