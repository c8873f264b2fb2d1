// The Service's own decisions, with a real JobManager and a local backup store: what a request may
// start, how jobs are found, watched and cancelled. Jobs that need Milvus are stood in for by jobs
// started on the shared JobManager, as a second shell of the same server would start them.
#include "milvus_backup/service.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "api/job_request.h"
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
    config_.backup.storage.provider = "local";
    config_.backup.storage.root_path = (dir_ / "backups").string();
    config_.milvus.grpc_address = "127.0.0.1";
    config_.milvus.grpc_port = 1;  // nothing listens: a job that reaches Milvus fails at once
    open_server();
  }
  void TearDown() override {
    service_.reset();
    jobs_.reset();
    fs::remove_all(dir_);
  }

  void open_server() {
    auto jobs = JobManager::open({.state_dir = dir_ / "state"});
    ASSERT_TRUE(jobs.has_value()) << jobs.error().to_string();
    jobs_ = std::move(*jobs);
    service_ = std::make_unique<Service>(config_, *jobs_);
  }

  // The server stopped, then started again over its state dir, as server_command does.
  void restart() {
    service_.reset();
    jobs_.reset();
    open_server();
    service_->resume_interrupted_jobs();
  }

  // What a crash leaves: the record of a job still running, as its server last wrote it.
  void write_running_record(JobRecord record) {
    record.state = JobState::kExecuting;
    std::ofstream(dir_ / "state" / "jobs" / fmt::format("{:020}.json", record.sequence))
        << mb::api::encode_job_record(record);
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
  Config config_;
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

TEST_F(ServiceTest, CreateOverAHalfWrittenBackupStartsAJob) {
  // Files of a create that was killed, no meta: not a backup get_backup finds, so not refused here;
  // the create decides, by its lock, whether to resume it.
  fs::create_directories(dir_ / "backups" / "half" / "binlogs");
  std::ofstream(dir_ / "backups" / "half" / "binlogs" / "1") << "data";
  auto started = service_->start_create({.job_id = "c-1", .options = {.name = "half"}});
  ASSERT_TRUE(started.has_value()) << started.error().to_string();
  EXPECT_EQ(started->id, "c-1");
  auto request = mb::api::decode_create_request(started->request);
  ASSERT_TRUE(request.has_value()) << request.error().to_string();
  EXPECT_EQ(request->options.name, "half");
  EXPECT_EQ(request->options.id, "c-1");  // the one id of the job and the backup's meta
}

TEST_F(ServiceTest, RestartResumesARunningCreateUnderItsId) {
  fs::create_directories(dir_ / "backups" / "half" / "binlogs");
  std::ofstream(dir_ / "backups" / "half" / "binlogs" / "1") << "data";
  const CreateRequest request{.job_id = "c-1", .options = {.name = "half", .id = "c-1"}};
  write_running_record({.id = "c-1", .kind = JobKind::kBackup, .name = "half",
                        .request = mb::api::encode_job_request(request).value(), .sequence = 10});
  restart();
  const auto all = service_->jobs();
  ASSERT_EQ(all.size(), 1u);  // the interrupted record was replaced by the running job's
  const JobRecord& resumed = all.front();
  EXPECT_EQ(resumed.id, "c-1");
  EXPECT_EQ(resumed.name, "half");
  EXPECT_EQ(resumed.sequence, 11u);
  EXPECT_EQ(resumed.error.find("interrupted"), std::string::npos) << resumed.error;
  EXPECT_EQ(mb::api::decode_create_request(resumed.request)->options.name, "half");
}

TEST_F(ServiceTest, RestartResumesARunningVerifyWhichEnds) {
  write_running_record({.id = "v-1", .kind = JobKind::kVerify,
                        .request = mb::api::encode_job_request(VerifyRequest{.job_id = "v-1"}).value(),
                        .sequence = 4});
  restart();
  auto ended = service_->wait(JobKind::kVerify, "v-1");
  ASSERT_TRUE(ended.has_value()) << ended.error().to_string();
  EXPECT_EQ(ended->state, JobState::kSuccess) << ended->error;
  EXPECT_EQ(ended->sequence, 5u);
  EXPECT_EQ(service_->jobs().size(), 1u);
  EXPECT_FALSE(fs::exists(dir_ / "state" / "jobs" / "00000000000000000004.json"));
}

TEST_F(ServiceTest, RestartWithResumingOffLeavesJobsInterrupted) {
  config_.server.resume_interrupted_jobs = false;
  write_running_record({.id = "v-1", .kind = JobKind::kVerify,
                        .request = mb::api::encode_job_request(VerifyRequest{.job_id = "v-1"}).value(),
                        .sequence = 4});
  restart();
  auto job = service_->verify_job("v-1");
  ASSERT_TRUE(job.has_value());
  EXPECT_EQ(job->state, JobState::kFail);
  EXPECT_EQ(job->error_kind, "interrupted");
  EXPECT_EQ(job->error, "interrupted: the server stopped while the job ran");
  EXPECT_EQ(job->sequence, 4u);
}

TEST_F(ServiceTest, RestartLeavesAJobWithoutRequestInterrupted) {
  write_running_record({.id = "r-1", .kind = JobKind::kRestore, .name = "b", .sequence = 4});
  restart();
  auto job = service_->restore_job("r-1");
  ASSERT_TRUE(job.has_value());
  EXPECT_EQ(job->state, JobState::kFail);
  EXPECT_EQ(job->error_kind, "interrupted");
  EXPECT_EQ(job->error, "interrupted: the server stopped while the job ran");
}

TEST_F(ServiceTest, RestartRecordsWhyAJobWasNotResumed) {
  write_running_record({.id = "v-1", .kind = JobKind::kVerify, .request = R"({"backup_name": 5})", .sequence = 1});
  // Its backup was deleted while the server was down.
  const RestoreRequest gone{.job_id = "r-1", .options = {.backup_name = "gone", .task_id = "r-1"}};
  write_running_record({.id = "r-1", .kind = JobKind::kRestore, .name = "gone",
                        .request = mb::api::encode_job_request(gone).value(), .sequence = 2});
  restart();
  auto bad = service_->verify_job("v-1");
  ASSERT_TRUE(bad.has_value());
  EXPECT_EQ(bad->state, JobState::kFail);
  EXPECT_NE(bad->error.find("not resumed: "), std::string::npos) << bad->error;
  EXPECT_NE(bad->error.find("verify request of a job record"), std::string::npos) << bad->error;
  auto refused = service_->restore_job("r-1");
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->state, JobState::kFail);
  EXPECT_NE(refused->error.find("not resumed: backup gone not found"), std::string::npos) << refused->error;
  // Recorded: a second restart finds them failed, not running, and leaves them be.
  restart();
  EXPECT_NE(service_->restore_job("r-1")->error.find("not resumed"), std::string::npos);
}

}  // namespace
}  // namespace milvus_backup
