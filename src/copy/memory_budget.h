// Bytes of memory the copy engine's streamed transfers may hold at once: the read buffer plus what
// the destination writer buffers before it sends a part. A transfer reserves its share before it
// starts and gives it back when it ends, so peak memory stays under the budget whatever the size
// and number of the objects, instead of growing with the number of workers.
//
// Reservations are granted in the order they were asked for: a large one waits for the bytes to
// come free instead of being overtaken forever by small ones. One larger than the whole budget is
// cut down to the budget, so it still runs, alone.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace mb::copy {

class MemoryBudget {
 public:
  explicit MemoryBudget(uint64_t limit_bytes);

  // Bytes held by one transfer; given back when destroyed.
  class Reservation {
   public:
    Reservation(Reservation&& other) noexcept : budget_(other.budget_), bytes_(other.bytes_) {
      other.budget_ = nullptr;
    }
    Reservation(const Reservation&) = delete;
    Reservation& operator=(const Reservation&) = delete;
    Reservation& operator=(Reservation&&) = delete;
    ~Reservation();

   private:
    friend class MemoryBudget;
    Reservation(MemoryBudget* budget, uint64_t bytes) : budget_(budget), bytes_(bytes) {}

    MemoryBudget* budget_;  // null once moved from
    uint64_t bytes_;
  };

  // Blocks until min(bytes, limit) are free and every earlier reservation has been granted.
  Reservation reserve(uint64_t bytes);


 private:
  void give_back(uint64_t bytes);

  const uint64_t limit_;
  std::mutex mutex_;
  std::condition_variable freed_;
  uint64_t reserved_ = 0;
  uint64_t next_ticket_ = 0;  // handed to the next caller of reserve()
  uint64_t serving_ = 0;      // the ticket whose turn it is
};

}  // namespace mb::copy
