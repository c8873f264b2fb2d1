// Bytes of memory streamed copies may hold at once: a transfer's read buffer plus what the
// destination writer buffers before it sends a part, and the backup's checksum read-back buffers.
// A transfer reserves its share before it starts and gives it back when it ends, so peak memory
// stays under the budget whatever the size and number of the objects, instead of growing with the
// number of workers.
//
// Reservations are granted in the order they were asked for: a large one waits for the bytes to
// come free instead of being overtaken forever by small ones. One larger than the whole budget is
// cut down to the budget, so it still runs, alone. A transfer holds one reservation at a time and
// waits for nothing else while it holds it, so reservations cannot wait on each other.
#pragma once

#include <condition_variable>
#include <functional>
#include <optional>
#include <set>
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
  // The same, but gives up its place in line (nullopt) once `stop` says so, checked every few
  // milliseconds: a cancelled job need not wait for other jobs' transfers to end.
  std::optional<Reservation> reserve_unless(uint64_t bytes, const std::function<bool()>& stop);

  // A new limit applies to the reservations granted from now on; those already granted keep their
  // bytes, so after a cut the budget may stay over the new limit until they are given back.
  void set_limit(uint64_t limit_bytes);

  // The most bytes ever reserved at once since construction or the last reset_peak(): what a
  // stretch of work (a test, a benchmark run) held at its peak.
  uint64_t peak_reserved() const;
  void reset_peak();

  // Reservations asked for and not granted yet: how many transfers wait for memory.
  uint64_t waiting() const;

 private:
  void give_back(uint64_t bytes);
  void skip_abandoned_turns();  // with mutex_ held


  mutable std::mutex mutex_;
  std::condition_variable freed_;
  uint64_t limit_;
  uint64_t reserved_ = 0;
  uint64_t peak_reserved_ = 0;
  uint64_t next_ticket_ = 0;  // handed to the next caller of reserve()
  uint64_t serving_ = 0;      // the ticket whose turn it is
  std::set<uint64_t> abandoned_;  // tickets given up before their turn came
};

// The one budget every streamed copy of the process draws from (all copy engine runs: the
// collections a restore copies in parallel, the jobs a server runs at once), so that together they
// stay under one limit. Each call sets its limit to `limit_bytes`: the size asked for last applies
// to everyone (in practice every caller asks for the same configured size).
MemoryBudget& process_memory_budget(uint64_t limit_bytes);

}  // namespace mb::copy
