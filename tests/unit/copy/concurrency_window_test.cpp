#include "copy/concurrency_window.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

namespace mb::copy {
namespace {

void throttle_once(ConcurrencyWindow& window) { window.enter().throttled(); }

void succeed(ConcurrencyWindow& window, int times) {
  for (int i = 0; i < times; ++i) window.enter().succeeded();
}

TEST(ConcurrencyWindow, StartsAtTheLimit) { EXPECT_EQ(ConcurrencyWindow(8, 4).size(), 8); }

TEST(ConcurrencyWindow, ThrottlingHalvesDownToOne) {
  ConcurrencyWindow window(8, 4);
  throttle_once(window);
  EXPECT_EQ(window.size(), 4);
  throttle_once(window);
  EXPECT_EQ(window.size(), 2);
  throttle_once(window);
  EXPECT_EQ(window.size(), 1);
  throttle_once(window);
  EXPECT_EQ(window.size(), 1);
}

TEST(ConcurrencyWindow, OperationsOfOneRoundCutOnce) {
  ConcurrencyWindow window(8, 4);
  {
    auto first = window.enter();
    auto second = window.enter();
    auto third = window.enter();
    first.throttled();
    second.throttled();  // started at width 8 too: says nothing about width 4
    EXPECT_EQ(window.size(), 4);
    third.throttled();
    EXPECT_EQ(window.size(), 4);
  }
  throttle_once(window);  // started after the cut: cuts again
  EXPECT_EQ(window.size(), 2);
}

TEST(ConcurrencyWindow, GrowsByOnePerStepOfSuccessesUpToTheLimit) {
  ConcurrencyWindow window(4, 3);
  throttle_once(window);
  throttle_once(window);
  ASSERT_EQ(window.size(), 1);
  succeed(window, 2);
  EXPECT_EQ(window.size(), 1);
  succeed(window, 1);
  EXPECT_EQ(window.size(), 2);
  succeed(window, 6);
  EXPECT_EQ(window.size(), 4);
  succeed(window, 6);
  EXPECT_EQ(window.size(), 4);
}

TEST(ConcurrencyWindow, ThrottlingRestartsTheCountOfSuccesses) {
  ConcurrencyWindow window(8, 3);
  throttle_once(window);
  succeed(window, 2);
  throttle_once(window);
  ASSERT_EQ(window.size(), 2);
  succeed(window, 2);
  EXPECT_EQ(window.size(), 2);
  succeed(window, 1);
  EXPECT_EQ(window.size(), 3);
}

// A window of width 1 with its one place taken, and a second worker waiting to enter.
struct FullWindow {
  ConcurrencyWindow window{2, 1};
  std::atomic<bool> entered{false};
  std::jthread waiter;
  std::optional<ConcurrencyWindow::Slot> held;  // declared last: released first, so the waiter can finish

  FullWindow() {
    throttle_once(window);
    held.emplace(window.enter());
    waiter = std::jthread([this] {
      auto slot = window.enter();
      entered = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
};

TEST(ConcurrencyWindow, EnterWaitsUntilAPlaceIsLeft) {
  FullWindow full;
  ASSERT_EQ(full.window.size(), 1);
  EXPECT_FALSE(full.entered);
  full.held.reset();
  full.waiter.join();
  EXPECT_TRUE(full.entered);
}

TEST(ConcurrencyWindow, GrowingLetsAWaiterIn) {
  FullWindow full;
  EXPECT_FALSE(full.entered);
  full.held->succeeded();  // widens to 2 while the first still runs
  full.waiter.join();
  EXPECT_TRUE(full.entered);
  EXPECT_EQ(full.window.size(), 2);
}

}  // namespace
}  // namespace mb::copy
