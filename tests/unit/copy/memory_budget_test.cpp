#include "copy/memory_budget.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

namespace mb::copy {
namespace {

using namespace std::chrono_literals;

// A reservation taken on its own thread, to watch whether it is granted.
class PendingReservation {
 public:
  PendingReservation(MemoryBudget& budget, uint64_t bytes)
      : thread_([this, &budget, bytes] {
          auto reservation = budget.reserve(bytes);
          granted_ = true;
          while (!release_) std::this_thread::sleep_for(1ms);
        }) {}
  PendingReservation(const PendingReservation&) = delete;
  PendingReservation& operator=(const PendingReservation&) = delete;
  ~PendingReservation() { release(); }

  void release() { release_ = true; }
  // True once granted within `timeout`.
  bool granted_within(std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!granted_ && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
    return granted_;
  }

 private:
  std::atomic<bool> granted_{false};
  std::atomic<bool> release_{false};
  std::jthread thread_;
};

// With `held` bytes of a 100-byte budget reserved, a reservation of `wanted` bytes waits until
// they come back.
void expect_granted_once_given_back(uint64_t held, uint64_t wanted) {
  MemoryBudget budget(100);
  std::optional<MemoryBudget::Reservation> holder = budget.reserve(held);
  PendingReservation waiting(budget, wanted);
  EXPECT_FALSE(waiting.granted_within(20ms));
  holder.reset();
  EXPECT_TRUE(waiting.granted_within(5s));
}

TEST(MemoryBudget, WaitsUntilTheBytesComeBack) { expect_granted_once_given_back(60, 50); }

// Waits until `count` reservations are queued (their threads may start late on a loaded machine).
void wait_until_in_line(const MemoryBudget& budget, uint64_t count) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (budget.waiting() < count && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  ASSERT_EQ(budget.waiting(), count);
}

// Not cut down to the budget, the first reservation would block forever.
TEST(MemoryBudget, ReservationLargerThanTheBudgetIsGrantedAndHoldsItAll) {
  expect_granted_once_given_back(1'000, 1);
}

TEST(MemoryBudget, SmallReservationDoesNotOvertakeAWaitingLargeOne) {
  MemoryBudget budget(100);
  std::optional<MemoryBudget::Reservation> held = budget.reserve(60);
  PendingReservation large(budget, 100);
  wait_until_in_line(budget, 1);  // the large one is in line first
  PendingReservation small(budget, 10);
  wait_until_in_line(budget, 2);
  EXPECT_FALSE(small.granted_within(20ms));  // 10 would fit, but it is not its turn
  held.reset();
  EXPECT_TRUE(large.granted_within(5s));
  EXPECT_FALSE(small.granted_within(20ms));
  large.release();
  EXPECT_TRUE(small.granted_within(5s));
}

TEST(MemoryBudget, AStoppedWaiterGivesUpItsPlaceInLine) {
  MemoryBudget budget(100);
  std::optional<MemoryBudget::Reservation> held = budget.reserve(100);
  std::atomic<bool> stop{false};
  std::optional<std::optional<MemoryBudget::Reservation>> outcome;
  std::jthread stopped([&] { outcome.emplace(budget.reserve_unless(50, [&] { return stop.load(); })); });
  wait_until_in_line(budget, 1);
  PendingReservation behind(budget, 50);
  wait_until_in_line(budget, 2);
  stop = true;
  stopped.join();
  ASSERT_TRUE(outcome.has_value());
  EXPECT_FALSE(outcome->has_value());  // gave up, holding nothing
  // The one behind it moves up and is served as soon as the bytes come back.
  held.reset();
  EXPECT_TRUE(behind.granted_within(5s));
  EXPECT_EQ(budget.waiting(), 0u);
}

TEST(MemoryBudget, AnUnstoppedWaiterIsGrantedAsUsual) {
  MemoryBudget budget(100);
  EXPECT_TRUE(budget.reserve_unless(60, [] { return false; }).has_value());
  EXPECT_TRUE(budget.reserve_unless(40, [] { return false; }).has_value());
}

TEST(MemoryBudget, LargerLimitLetsAWaitingReservationThrough) {
  MemoryBudget budget(100);
  const auto held = budget.reserve(60);
  PendingReservation waiting(budget, 50);
  EXPECT_FALSE(waiting.granted_within(20ms));
  budget.set_limit(110);
  EXPECT_TRUE(waiting.granted_within(5s));
}

// Bytes already granted are not taken back; new reservations wait until enough of them are.
TEST(MemoryBudget, SmallerLimitHoldsNewReservationsUntilTheHeldBytesComeBack) {
  MemoryBudget budget(100);
  std::optional<MemoryBudget::Reservation> held = budget.reserve(60);
  budget.set_limit(50);
  PendingReservation waiting(budget, 10);
  EXPECT_FALSE(waiting.granted_within(20ms));
  held.reset();
  EXPECT_TRUE(waiting.granted_within(5s));
}

// A reservation that waited for a larger limit is cut down to the one in force when it is granted.
TEST(MemoryBudget, WaitingReservationIsCutDownToALimitSetMeanwhile) {
  MemoryBudget budget(100);
  std::optional<MemoryBudget::Reservation> held = budget.reserve(10);
  PendingReservation waiting(budget, 100);
  EXPECT_FALSE(waiting.granted_within(20ms));
  budget.set_limit(40);
  held.reset();
  EXPECT_TRUE(waiting.granted_within(5s));
  EXPECT_EQ(budget.peak_reserved(), 40u);
}

TEST(MemoryBudget, PeakIsTheMostReservedAtOnce) {
  MemoryBudget budget(100);
  {
    const auto first = budget.reserve(30);
    const auto second = budget.reserve(50);
  }
  const auto third = budget.reserve(10);
  EXPECT_EQ(budget.peak_reserved(), 80u);
  budget.reset_peak();
  EXPECT_EQ(budget.peak_reserved(), 10u);  // what is still held
}

TEST(MemoryBudget, TheProcessHasOneBudgetSizedByTheLastCaller) {
  MemoryBudget& budget = process_memory_budget(100);
  EXPECT_EQ(&process_memory_budget(200), &budget);
  budget.reset_peak();
  { const auto all = budget.reserve(1'000); }
  EXPECT_EQ(budget.peak_reserved(), 200u);
}

}  // namespace
}  // namespace mb::copy
