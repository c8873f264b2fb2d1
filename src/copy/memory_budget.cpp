#include "copy/memory_budget.h"

#include <algorithm>

namespace mb::copy {

MemoryBudget::MemoryBudget(uint64_t limit_bytes) : limit_(std::max<uint64_t>(limit_bytes, 1)) {}

MemoryBudget::Reservation MemoryBudget::reserve(uint64_t bytes) {
  const uint64_t granted = std::min(bytes, limit_);
  std::unique_lock lock(mutex_);
  const uint64_t ticket = next_ticket_++;
  freed_.wait(lock, [&] { return ticket == serving_ && reserved_ + granted <= limit_; });
  reserved_ += granted;
  ++serving_;
  lock.unlock();
  // The next in line may fit in what is left.
  freed_.notify_all();
  return Reservation(this, granted);
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

}  // namespace mb::copy
