#include "util/parallel_tasks.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace mb {
namespace {

TEST(ParallelTasksTest, RunsEveryTaskWithinTheBound) {
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  std::atomic<int> ran{0};
  auto done = run_bounded(20, 3, [&](size_t) -> Status {
    const int now = ++running;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    --running;
    ++ran;
    return {};
  });
  ASSERT_TRUE(done);
  EXPECT_EQ(ran, 20);
  EXPECT_LE(most, 3);
}

TEST(ParallelTasksTest, StopsStartingTasksAfterAFailure) {
  std::atomic<int> ran{0};
  auto done = run_bounded(100, 1, [&](size_t i) -> Status {
    ++ran;
    if (i == 4) return fail(ErrorCode::kMilvus, "task 4 failed");
    return {};
  });
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().message, "task 4 failed");
  EXPECT_EQ(ran, 5);
}

TEST(ParallelTasksTest, CancellationIsAnError) {
  CancellationToken cancel;
  std::atomic<int> ran{0};
  auto done = run_bounded(
      100, 1,
      [&](size_t i) -> Status {
        ++ran;
        if (i == 2) cancel.cancel();
        return {};
      },
      &cancel);
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code, ErrorCode::kCancelled);
  EXPECT_EQ(ran, 3);
}

}  // namespace
}  // namespace mb
