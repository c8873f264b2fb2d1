#include "api/job_manager.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "util/random_id.h"

namespace mb::api {
namespace {

namespace fs = std::filesystem;

class JobManagerTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = fs::temp_directory_path() / ("mb_jobs_" + random_uuid()); }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<JobManager> open(size_t max_history = 1000) {
    auto manager = JobManager::open({.state_dir = dir_, .max_history = max_history});
    EXPECT_TRUE(manager.has_value()) << manager.error().to_string();
    return std::move(*manager);
  }

  fs::path dir_;
};

JobSpec succeeding(std::string id, std::string name, int64_t size = 42) {
  return {.kind = JobKind::kBackup, .id = std::move(id), .name = std::move(name),
          .run = [size](const CancellationToken&) -> Result<JobOutcome> { return JobOutcome{.size = size}; }};
}

// Runs until cancelled, so a test controls when it ends.
JobSpec blocking(JobKind kind, std::string id, std::string name, std::atomic<bool>* started = nullptr) {
  return {.kind = kind, .id = std::move(id), .name = std::move(name),
          .run = [started](const CancellationToken& cancel) -> Result<JobOutcome> {
            if (started) started->store(true);
            while (!cancel.cancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
            return fail(ErrorCode::kCancelled, "cancelled");
          },
          .sample = [] { return ProgressSnapshot{.phase = "copy", .bytes_done = 50, .bytes_total = 100}; }};
}

TEST_F(JobManagerTest, SuccessfulJobIsRecordedWithResultAndTimes) {
  auto jobs = open();
  auto started = jobs->start(succeeding("id1", "b1", 1234));
  ASSERT_TRUE(started.has_value());
  EXPECT_EQ(started->state, JobState::kInitial);
  const auto ended = jobs->wait(JobKind::kBackup, "id1");
  ASSERT_TRUE(ended.has_value());
  EXPECT_EQ(ended->state, JobState::kSuccess);
  EXPECT_EQ(ended->progress, 100);
  EXPECT_EQ(ended->size, 1234);
  EXPECT_GT(ended->start_time, 0);
  EXPECT_GE(ended->end_time, ended->start_time);
  EXPECT_EQ(jobs->find_by_name(JobKind::kBackup, "b1")->id, "id1");
  EXPECT_FALSE(jobs->find(JobKind::kRestore, "id1").has_value());  // kinds are separate
}

TEST_F(JobManagerTest, FailureKeepsMessageAndKind) {
  auto jobs = open();
  JobSpec spec{.kind = JobKind::kRestore, .id = "r1", .name = "b",
               .run = [](const CancellationToken&) -> Result<JobOutcome> {
                 return fail(ErrorCode::kStorage, "bucket gone");
               }};
  ASSERT_TRUE(jobs->start(std::move(spec)).has_value());
  const auto ended = jobs->wait(JobKind::kRestore, "r1");
  EXPECT_EQ(ended->state, JobState::kFail);
  EXPECT_EQ(ended->progress, 0);
  EXPECT_NE(ended->error.find("bucket gone"), std::string::npos);
  EXPECT_EQ(ended->error_kind, "storage error");
}

TEST_F(JobManagerTest, RunningBackupNameIsRefusedAndFreedWhenItEnds) {
  auto jobs = open();
  ASSERT_TRUE(jobs->start(blocking(JobKind::kBackup, "a", "same")).has_value());
  auto second = jobs->start(succeeding("b", "same"));
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, ErrorCode::kAlreadyExists);
  EXPECT_NE(second.error().message.find("existing task a"), std::string::npos);
  // A different name runs alongside.
  ASSERT_TRUE(jobs->start(succeeding("c", "other")).has_value());
  ASSERT_TRUE(jobs->cancel(JobKind::kBackup, "a").has_value());
  EXPECT_EQ(jobs->wait(JobKind::kBackup, "a")->error_kind, "cancelled");
  EXPECT_TRUE(jobs->start(succeeding("d", "same")).has_value());
  EXPECT_EQ(jobs->wait(JobKind::kBackup, "d")->state, JobState::kSuccess);
}

TEST_F(JobManagerTest, RunningRestoreIdIsRefused) {
  auto jobs = open();
  ASSERT_TRUE(jobs->start(blocking(JobKind::kRestore, "r", "b1")).has_value());
  auto again = jobs->start(blocking(JobKind::kRestore, "r", "b2"));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  // Two restores of one backup under different ids are fine.
  EXPECT_TRUE(jobs->start(blocking(JobKind::kRestore, "r2", "b1")).has_value());
}

TEST_F(JobManagerTest, RunningJobReportsSampledProgress) {
  auto jobs = open();
  std::atomic<bool> started{false};
  ASSERT_TRUE(jobs->start(blocking(JobKind::kBackup, "p", "n", &started)).has_value());
  while (!started.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const auto view = jobs->find(JobKind::kBackup, "p");
  EXPECT_EQ(view->state, JobState::kExecuting);
  EXPECT_EQ(view->counters.bytes_done, 50u);
  EXPECT_EQ(view->progress, 5 + static_cast<int>(0.95 * (15 + 85 * 0.5)));
}

TEST_F(JobManagerTest, CancelOfUnknownJobIsNotFound) {
  auto jobs = open();
  EXPECT_EQ(jobs->cancel(JobKind::kBackup, "nope").error().code, ErrorCode::kNotFound);
}

TEST_F(JobManagerTest, HistorySurvivesRestartAndInterruptedJobsFail) {
  {
    auto jobs = open();
    ASSERT_TRUE(jobs->start(succeeding("done", "b1", 7)).has_value());
    jobs->wait(JobKind::kBackup, "done");
  }
  // A record left "executing" by a crash.
  {
    JobRecord crashed{.id = "crashed", .kind = JobKind::kRestore, .name = "b2", .state = JobState::kExecuting,
                      .sequence = 99};
    std::ofstream(dir_ / "jobs" / "00000000000000000099.json") << encode_job_record(crashed);
  }
  auto jobs = open();
  const auto done = jobs->find(JobKind::kBackup, "done");
  ASSERT_TRUE(done.has_value());
  EXPECT_EQ(done->state, JobState::kSuccess);
  EXPECT_EQ(done->size, 7);
  const auto crashed = jobs->find(JobKind::kRestore, "crashed");
  ASSERT_TRUE(crashed.has_value());
  EXPECT_EQ(crashed->state, JobState::kFail);
  EXPECT_EQ(crashed->error_kind, "interrupted");
  // New jobs continue the sequence rather than overwrite a record.
  auto next = jobs->start(succeeding("next", "b3"));
  EXPECT_EQ(next->sequence, 100u);
}

// What a crash leaves: the record of a job still running, as its server last wrote it.
void write_running_record(const fs::path& dir, JobRecord record) {
  record.state = JobState::kExecuting;
  fs::create_directories(dir / "jobs");
  std::ofstream(dir / "jobs" / fmt::format("{:020}.json", record.sequence)) << encode_job_record(record);
}

size_t record_files(const fs::path& dir) {
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir / "jobs")) files += entry.path().extension() == ".json";
  return files;
}

TEST_F(JobManagerTest, InterruptedJobsAreListedWithTheirRequest) {
  {
    auto done = open();
    ASSERT_TRUE(done->start(succeeding("ok", "b2")).has_value());
    done->wait(JobKind::kBackup, "ok");
  }
  write_running_record(dir_, {.id = "c1", .kind = JobKind::kBackup, .name = "b1", .request = R"({"name":"b1"})",
                              .sequence = 5});
  auto jobs = open();
  ASSERT_EQ(jobs->interrupted().size(), 1u);  // the job that ended is not among them
  const JobRecord& interrupted = jobs->interrupted().front();
  EXPECT_EQ(interrupted.id, "c1");
  EXPECT_EQ(interrupted.sequence, 5u);
  EXPECT_EQ(interrupted.request, R"({"name":"b1"})");
  EXPECT_EQ(interrupted.state, JobState::kFail);
  EXPECT_EQ(interrupted.error_kind, "interrupted");
}

TEST_F(JobManagerTest, ResumingJobReplacesTheInterruptedRecord) {
  write_running_record(dir_, {.id = "r1", .kind = JobKind::kRestore, .name = "b1", .request = "{}", .sequence = 3});
  auto jobs = open();
  auto spec = blocking(JobKind::kRestore, "r1", "b1");
  spec.request = "{}";
  spec.resumes = jobs->interrupted().front().sequence;
  auto resumed = jobs->start(std::move(spec));
  ASSERT_TRUE(resumed.has_value()) << resumed.error().to_string();
  EXPECT_EQ(resumed->sequence, 4u);
  EXPECT_EQ(resumed->request, "{}");
  const auto all = jobs->snapshot();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_TRUE(is_running(all.front().state));
  EXPECT_FALSE(fs::exists(dir_ / "jobs" / "00000000000000000003.json"));
  EXPECT_EQ(record_files(dir_), 1u);
  ASSERT_TRUE(jobs->cancel(JobKind::kRestore, "r1").has_value());
  EXPECT_EQ(jobs->wait(JobKind::kRestore, "r1")->error_kind, "cancelled");
}

TEST_F(JobManagerTest, JobNotResumedKeepsTheReasonAcrossRestarts) {
  write_running_record(dir_, {.id = "v1", .kind = JobKind::kVerify, .name = "b1", .request = "[]", .sequence = 1});
  {
    auto jobs = open();
    jobs->record_not_resumed(1, Error(ErrorCode::kCorrupt, "verify request is not a JSON object"));
  }
  auto jobs = open();
  EXPECT_TRUE(jobs->interrupted().empty());  // failed now, not running: not interrupted again
  const auto failed = jobs->find(JobKind::kVerify, "v1");
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->state, JobState::kFail);
  EXPECT_EQ(failed->error_kind, "interrupted");
  EXPECT_NE(failed->error.find("not resumed: verify request is not a JSON object"), std::string::npos)
      << failed->error;
}

TEST_F(JobManagerTest, DamagedRecordIsSkipped) {
  fs::create_directories(dir_ / "jobs");
  std::ofstream(dir_ / "jobs" / "00000000000000000001.json") << "{not json";
  auto jobs = open();
  EXPECT_TRUE(jobs->snapshot().empty());
}

TEST_F(JobManagerTest, SecondManagerOnOneStateDirIsRefused) {
  auto first = open();
  auto second = JobManager::open({.state_dir = dir_});
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, ErrorCode::kAlreadyExists);
}

TEST_F(JobManagerTest, HistoryIsBounded) {
  auto jobs = open(/*max_history=*/3);
  for (int i = 0; i < 10; ++i) {
    const auto id = "j" + std::to_string(i);
    ASSERT_TRUE(jobs->start(succeeding(id, "n" + std::to_string(i))).has_value());
    jobs->wait(JobKind::kBackup, id);
  }
  jobs->start(succeeding("last", "last"));
  jobs->wait(JobKind::kBackup, "last");
  EXPECT_LE(jobs->snapshot().size(), 4u);
  EXPECT_FALSE(jobs->find(JobKind::kBackup, "j0").has_value());
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir_ / "jobs")) files += entry.path().extension() == ".json";
  EXPECT_LE(files, 4u);
}

TEST_F(JobManagerTest, DestructionCancelsRunningJobs) {
  std::atomic<bool> started{false};
  {
    auto jobs = open();
    ASSERT_TRUE(jobs->start(blocking(JobKind::kBackup, "x", "n", &started)).has_value());
    while (!started.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }  // would hang here if the job were not cancelled
  auto jobs = open();
  EXPECT_EQ(jobs->find(JobKind::kBackup, "x")->error_kind, "cancelled");
}

// A waiter sleeps without the lock, and a new job may push the ended job out of a short history
// before the waiter wakes: the waiter must not touch the freed job (ASan builds catch it if it does).
TEST_F(JobManagerTest, WaiterSurvivesItsJobLeavingTheHistory) {
  auto jobs = open(/*max_history=*/1);
  std::atomic<bool> started{false};
  ASSERT_TRUE(jobs->start(blocking(JobKind::kRestore, "a", "b", &started)));
  ASSERT_TRUE(jobs->start(succeeding("x", "bx")));
  ASSERT_TRUE(jobs->wait(JobKind::kBackup, "x"));
  while (!started.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));

  std::optional<JobRecord> seen;
  std::thread waiter([&] { seen = jobs->wait_for(JobKind::kRestore, "a", std::chrono::seconds(30)); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_TRUE(jobs->cancel(JobKind::kRestore, "a"));
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(jobs->start(succeeding("y" + std::to_string(i), "by" + std::to_string(i))));
  waiter.join();
  if (seen) {
    EXPECT_EQ(seen->state, JobState::kFail);  // still held when the waiter woke
  }
}

TEST(JobRecordTest, RoundTripsThroughJson) {
  JobRecord record{.id = "i\"d", .kind = JobKind::kRestore, .name = "b", .state = JobState::kFail, .progress = 3,
                   .counters = {.phase = "copy", .files_done = 2, .bytes_total = 9}, .error = "e", .error_kind = "io",
                   .start_time = 10, .end_time = 20, .duration_seconds = 1.5, .size = 8,
                   .collections = {"db.c"}, .sequence = 4};
  const auto decoded = decode_job_record(encode_job_record(record));
  ASSERT_TRUE(decoded.has_value()) << decoded.error().to_string();
  EXPECT_EQ(decoded->id, record.id);
  EXPECT_EQ(decoded->kind, record.kind);
  EXPECT_EQ(decoded->state, record.state);
  EXPECT_EQ(decoded->counters.files_done, 2u);
  EXPECT_EQ(decoded->collections, record.collections);
  EXPECT_EQ(decoded->sequence, 4u);
}

TEST(JobRecordTest, AVerifyJobKeepsItsReport) {
  JobRecord record{.id = "v1", .kind = JobKind::kVerify, .name = "b", .state = JobState::kSuccess,
                   .report = R"({"ok":false})", .sequence = 5};
  const auto decoded = decode_job_record(encode_job_record(record));
  ASSERT_TRUE(decoded.has_value()) << decoded.error().to_string();
  EXPECT_EQ(decoded->kind, JobKind::kVerify);
  EXPECT_EQ(decoded->report, record.report);
  EXPECT_EQ(to_string(JobKind::kVerify), "verify");
}

TEST(JobRecordTest, RejectsWrongShapes) {
  EXPECT_FALSE(decode_job_record("[]").has_value());
  EXPECT_FALSE(decode_job_record(R"({"id": 1})").has_value());
}

}  // namespace
}  // namespace mb::api

namespace mb::api {
namespace {

namespace fs = std::filesystem;

// What a restarted server (or anyone after a kill -9) reads: the one record file on disk (an
// empty record while there is none).
JobRecord record_on_disk(const fs::path& state_dir) {
  for (const auto& entry : fs::directory_iterator(state_dir / "jobs")) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto record = decode_job_record(text);
    if (record) return *record;
  }
  return JobRecord{};
}

template <class Predicate>
bool eventually(Predicate predicate) {
  for (int i = 0; i < 300; ++i) {
    if (predicate()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return predicate();
}

class JobRecordCadenceTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = fs::temp_directory_path() / ("mb_jobs_cadence_" + random_uuid()); }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<JobManager> open(std::chrono::milliseconds record_interval) {
    auto manager = JobManager::open(
        {.state_dir = dir_, .record_interval = record_interval, .phase_poll = std::chrono::milliseconds(10)});
    EXPECT_TRUE(manager.has_value()) << manager.error().to_string();
    return std::move(*manager);
  }

  // A running job whose counters the test moves.
  JobSpec controlled() {
    return {.kind = JobKind::kBackup, .id = "job", .name = "b",
            .run = [](const CancellationToken& cancel) -> Result<JobOutcome> {
              while (!cancel.cancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
              return fail(ErrorCode::kCancelled, "cancelled");
            },
            .sample = [this] {
              std::lock_guard lock(mutex_);
              return snapshot_;
            }};
  }
  void set(ProgressSnapshot snapshot) {
    std::lock_guard lock(mutex_);
    snapshot_ = std::move(snapshot);
  }

  fs::path dir_;
  std::mutex mutex_;
  ProgressSnapshot snapshot_{.phase = "flush", .bytes_total = 100};
};

// Issue 18: records were written only at the start and the end, so after a kill -9 the record
// said progress 1 %.
TEST_F(JobRecordCadenceTest, EveryPhaseChangeIsRecordedAtOnce) {
  auto jobs = open(std::chrono::hours(1));  // no timed writes: only phase changes
  ASSERT_TRUE(jobs->start(controlled()));
  ASSERT_TRUE(eventually([&] {
    const auto record = record_on_disk(dir_);
    return record.state == JobState::kExecuting && record.counters.phase == "flush";
  }));
  set({.phase = "copy", .bytes_done = 10, .bytes_total = 100});
  ASSERT_TRUE(eventually([&] { return record_on_disk(dir_).counters.phase == "copy"; }));
  EXPECT_EQ(record_on_disk(dir_).counters.bytes_done, 10u);
  // Progress within a phase waits for the interval.
  set({.phase = "copy", .bytes_done = 90, .bytes_total = 100});
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(record_on_disk(dir_).counters.bytes_done, 10u);
  ASSERT_TRUE(jobs->cancel(JobKind::kBackup, "job"));
  ASSERT_TRUE(jobs->wait(JobKind::kBackup, "job"));
  EXPECT_EQ(record_on_disk(dir_).state, JobState::kFail);  // the end is never overwritten by progress
}

TEST_F(JobRecordCadenceTest, ProgressIsRecordedEveryInterval) {
  auto jobs = open(std::chrono::milliseconds(50));
  set({.phase = "copy", .files_total = 4, .bytes_total = 100});
  ASSERT_TRUE(jobs->start(controlled()));
  for (uint64_t done : {25u, 50u, 75u}) {
    set({.phase = "copy", .files_done = done / 25, .files_total = 4, .bytes_done = done, .bytes_total = 100});
    ASSERT_TRUE(eventually([&] { return record_on_disk(dir_).counters.bytes_done == done; })) << done;
    const auto record = record_on_disk(dir_);
    EXPECT_EQ(record.state, JobState::kExecuting);
    EXPECT_GT(record.progress, 1);
  }
  ASSERT_TRUE(jobs->cancel(JobKind::kBackup, "job"));
  ASSERT_TRUE(jobs->wait(JobKind::kBackup, "job"));
  EXPECT_EQ(record_on_disk(dir_).state, JobState::kFail);
}

}  // namespace
}  // namespace mb::api
