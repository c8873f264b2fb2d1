// The Service's own decisions, with a real JobManager and a local backup store: what a request may
// start, how jobs are found, watched and cancelled. Jobs that need Milvus are stood in for by jobs
// started on the shared JobManager, as a second shell of the same server would start them.
#include "milvus_backup/service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "util/random_id.h"

namespace milvus_backup {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mb_service_" + mb::random_uuid());
    fs::create_directories(dir_ / "backups");
    auto jobs = JobManager::open({.state_dir = dir_ / "state"});
    ASSERT_TRUE(jobs.has_value()) << jobs.error().to_string();
    jobs_ = std::move(*jobs);
    Config config;
    config.backup.storage.provider = "local";
    config.backup.storage.root_path = (dir_ / "backups").string();
    service_ = std::make_unique<Service>(config, *jobs_);
  }
  void TearDown() override {
    service_.reset();
    jobs_.reset();
    fs::remove_all(dir_);
  }

  // A job that runs until cancelled, standing in for a backup or restore of the same server.
  void start_blocking(JobKind kind, std::string id, std::string name) {
    auto started = jobs_->start({.kind = kind, .id = std::move(id), .name = std::move(name),
                                 .run = [](const CancellationToken& cancel) -> Result<mb::api::JobOutcome> {
                                   while (!cancel.cancelled()) std::this_thread::sleep_for(5ms);
                                   return mb::fail(ErrorCode::kCancelled, "cancelled");
                                 },
                                 .sample = [] { return ProgressSnapshot{.phase = "copy", .bytes_total = 10}; }});
    ASSERT_TRUE(started.has_value()) << started.error().to_string();
  }

  fs::path dir_;
  std::unique_ptr<JobManager> jobs_;
  std::unique_ptr<Service> service_;
};

TEST_F(ServiceTest, CreateRefusesBadNameAndRootPathBeforeStartingAJob) {
  auto bad_name = service_->start_create({.options = {.name = "1bad"}});
  ASSERT_FALSE(bad_name.has_value());
  EXPECT_EQ(bad_name.error().code, ErrorCode::kInvalidArgument);
  auto bad_root = service_->start_create({.options = {.name = "good"}, .backup_root_path = "../escape"});
  ASSERT_FALSE(bad_root.has_value());
  EXPECT_EQ(bad_root.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(service_->jobs().empty());
}

TEST_F(ServiceTest, RestoreOfUnknownBackupIsNotFoundWithoutAJob) {
  auto started = service_->start_restore({.options = {.backup_name = "no_such_backup"}});
  ASSERT_FALSE(started.has_value());
  EXPECT_EQ(started.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(started.error().message, "backup no_such_backup not found");
  auto bad_id = service_->start_restore({.job_id = "/abs", .options = {.backup_name = "b"}});
  ASSERT_FALSE(bad_id.has_value());
  EXPECT_EQ(bad_id.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(service_->jobs().empty());
}

TEST_F(ServiceTest, LookupsNameWhatIsMissing) {
  EXPECT_EQ(service_->restore_job("").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(service_->restore_job("nope").error().message, "task not found");
  EXPECT_EQ(service_->describe_backup("", "").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(service_->describe_backup("", "no-such-id").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->describe_backup("absent", "").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->delete_backup("").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(service_->cancel_restore("nope").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->wait(JobKind::kBackup, "nope").error().code, ErrorCode::kNotFound);
  auto listed = service_->list_backups();
  ASSERT_TRUE(listed.has_value()) << listed.error().to_string();
  EXPECT_TRUE(listed->empty());
}

TEST_F(ServiceTest, RunningBackupIsDescribedByItsJobAndCannotBeDeleted) {
  start_blocking(JobKind::kBackup, "job-1", "bk");
  auto status = service_->describe_backup("bk", "");
  ASSERT_TRUE(status.has_value()) << status.error().to_string();
  ASSERT_TRUE(status->job.has_value());
  EXPECT_EQ(status->job->id, "job-1");
  EXPECT_FALSE(status->stored.has_value());
  EXPECT_EQ(service_->describe_backup("", "job-1")->job->name, "bk");

  auto deleted = service_->delete_backup("bk");
  ASSERT_FALSE(deleted.has_value());
  EXPECT_EQ(deleted.error().code, ErrorCode::kAlreadyExists);

  auto cancelled = service_->cancel_backup("bk", "");
  ASSERT_TRUE(cancelled.has_value()) << cancelled.error().to_string();
  auto ended = service_->wait(JobKind::kBackup, "job-1");
  ASSERT_TRUE(ended.has_value());
  EXPECT_EQ(ended->error_kind, "cancelled");
  // Failed, and nothing stored under the name: the job still answers for it.
  EXPECT_EQ(service_->describe_backup("bk", "")->job->state, JobState::kFail);
}

TEST_F(ServiceTest, WatchSendsProgressUntilTheJobEnds) {
  start_blocking(JobKind::kRestore, "rs-1", "bk");
  std::vector<JobRecord> sent;
  std::atomic<size_t> sent_count{0};
  std::thread canceller([&] {
    // Cancel once the start and one progress update were sent (a loaded machine may take a while).
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (sent_count < 2 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
    EXPECT_TRUE(service_->cancel_restore("rs-1").has_value());
  });
  auto watched = service_->watch(JobKind::kRestore, "rs-1", 20ms, [&](const JobRecord& record) {
    sent.push_back(record);
    ++sent_count;
    return true;
  });
  canceller.join();
  ASSERT_TRUE(watched.has_value()) << watched.error().to_string();
  ASSERT_GE(sent.size(), 3u);  // the start, progress while it ran, the end
  EXPECT_TRUE(is_running(sent.front().state));
  EXPECT_EQ(sent[1].counters.phase, "copy");
  EXPECT_EQ(sent.back().state, JobState::kFail);
  EXPECT_EQ(sent.back().error_kind, "cancelled");
}

TEST_F(ServiceTest, WatchStopsWhenTheWatcherLeaves) {
  start_blocking(JobKind::kRestore, "rs-2", "bk");
  int calls = 0;
  auto watched = service_->watch(JobKind::kRestore, "rs-2", 10ms, [&](const JobRecord&) { return ++calls < 2; });
  ASSERT_TRUE(watched.has_value());
  EXPECT_EQ(calls, 2);
  EXPECT_TRUE(is_running(service_->restore_job("rs-2")->state));
  EXPECT_EQ(service_->watch(JobKind::kBackup, "rs-2", 10ms, [](const JobRecord&) { return true; }).error().code,
            ErrorCode::kNotFound);
}

}  // namespace
}  // namespace milvus_backup
