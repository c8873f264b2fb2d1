#include "backup/gc_pause.h"

#include <gtest/gtest.h>

#include <mutex>
#include <thread>

namespace mb::backup {
namespace {

// Records the management calls the guard makes; tickets count up like Milvus hands them out.
struct RecordingGc {
  std::mutex mutex;
  std::vector<std::string> calls;
  bool fail_pause = false;
  bool hand_out_tickets = false;
  int next_ticket = 1;

  GcControl control() {
    return GcControl{
        .pause = [this](int seconds, std::optional<int64_t> collection) -> Result<std::optional<std::string>> {
          std::lock_guard lock(mutex);
          calls.push_back("pause " + std::to_string(seconds) + (collection ? " " + std::to_string(*collection) : ""));
          if (fail_pause) return fail(ErrorCode::kUnavailable, "connection refused");
          if (!hand_out_tickets) return std::optional<std::string>();
          return std::optional<std::string>("t" + std::to_string(next_ticket++));
        },
        .resume = [this](const std::optional<std::string>& ticket) -> Status {
          std::lock_guard lock(mutex);
          calls.push_back("resume" + (ticket ? " " + *ticket : std::string()));
          return {};
        }};
  }

  std::vector<std::string> snapshot() {
    std::lock_guard lock(mutex);
    return calls;
  }

  // Waits (up to a generous limit, for loaded machines) until `count` calls were made.
  void wait_for_calls(size_t count) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (snapshot().size() < count && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
};

GcPauseOptions options(bool required = false) {
  return GcPauseOptions{.pause_length = std::chrono::seconds(3600),
                        .renew_interval = std::chrono::hours(1),
                        .required = required};
}

TEST(GcPauseTest, PausesTheClusterAndResumesWhenDone) {
  RecordingGc gc;
  {
    GcPauseGuard guard(gc.control(), options());
    ASSERT_TRUE(guard.pause());
    EXPECT_EQ(gc.snapshot(), (std::vector<std::string>{"pause 3600"}));
  }
  EXPECT_EQ(gc.snapshot(), (std::vector<std::string>{"pause 3600", "resume"}));
}

TEST(GcPauseTest, RenewsThePauseWhileTheBackupRuns) {
  RecordingGc gc;
  auto fast = options();
  fast.renew_interval = std::chrono::milliseconds(20);
  {
    GcPauseGuard guard(gc.control(), fast);
    ASSERT_TRUE(guard.pause());
    gc.wait_for_calls(3);
  }
  const auto calls = gc.snapshot();
  ASSERT_GE(calls.size(), 4u);  // the pause, at least two renewals, the resume
  for (size_t i = 0; i + 1 < calls.size(); ++i) EXPECT_EQ(calls[i], "pause 3600");
  EXPECT_EQ(calls.back(), "resume");
}

TEST(GcPauseTest, AFailedPauseIsOnlyAWarningUnlessRequired) {
  RecordingGc gc;
  gc.fail_pause = true;
  {
    GcPauseGuard guard(gc.control(), options());
    EXPECT_TRUE(guard.pause());
  }
  // Nothing was paused, so nothing is resumed.
  EXPECT_EQ(gc.snapshot(), (std::vector<std::string>{"pause 3600"}));

  GcPauseGuard required(gc.control(), options(true));
  auto paused = required.pause();
  ASSERT_FALSE(paused);
  EXPECT_EQ(paused.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(paused.error().message.find("backup.pauseGCRequired"), std::string::npos);
}

TEST(GcPauseTest, CollectionPausesResumeWithTheirLatestTicket) {
  RecordingGc gc;
  gc.hand_out_tickets = true;
  auto fast = options();
  fast.renew_interval = std::chrono::milliseconds(30);
  {
    GcPauseGuard guard(gc.control(), fast);
    ASSERT_TRUE(guard.pause(42));
    gc.wait_for_calls(3);  // renewals, each with a new ticket
  }
  const auto calls = gc.snapshot();
  ASSERT_GE(calls.size(), 3u);
  EXPECT_EQ(calls.front(), "pause 3600 42");
  const int renewals = static_cast<int>(calls.size()) - 2;
  EXPECT_EQ(calls.back(), "resume t" + std::to_string(1 + renewals));
}

}  // namespace
}  // namespace mb::backup
