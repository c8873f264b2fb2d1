// How many objects the copy engine works on at once, adapted to what the store can take (AIMD):
// an operation the store throttled halves the window (down to 1); a run of successes widens it by
// one again, up to the number of workers. Workers beyond the window wait for a place.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace mb::copy {

class ConcurrencyWindow {
 public:
  // Starts wide open at `limit` (>= 1); widens by one after every `successes_per_step` successes.
  ConcurrencyWindow(int limit, int successes_per_step);

  // One operation's place in the window; leaving it (destruction) lets a waiting worker in.
  class Slot {
   public:
    Slot(Slot&& other) noexcept : window_(other.window_), round_(other.round_) { other.window_ = nullptr; }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    Slot& operator=(Slot&&) = delete;
    ~Slot();

    void succeeded();
    // The store answered "slow down". Only the first throttled operation of a round cuts the
    // window: the others were started at the old width and say nothing about the new one.
    void throttled();

   private:
    friend class ConcurrencyWindow;
    Slot(ConcurrencyWindow* window, uint64_t round) : window_(window), round_(round) {}

    ConcurrencyWindow* window_;  // null once moved from
    uint64_t round_;  // the window's number of cuts when this operation started
  };

  // Blocks while as many operations as the window allows are running.
  Slot enter();

  int size() const;

 private:
  void leave();

  const int limit_;
  const int successes_per_step_;
  mutable std::mutex mutex_;
  std::condition_variable room_;
  int size_;
  int running_ = 0;
  int successes_ = 0;  // since the last change of size
  uint64_t cuts_ = 0;
};

}  // namespace mb::copy
