// The gRPC service in-process on a free port, driven with the generated client: status codes,
// bearer-token auth and the WatchJob stream. No Milvus: only calls that need none (the end-to-end
// run is tests/integration/test_grpc_service.py).
#include "server/grpc_server.h"

#include <fmt/format.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "backup_service.grpc.pb.h"
#include "util/random_id.h"

namespace mb::server {
namespace {

namespace fs = std::filesystem;
namespace pb = ::milvus_backup::v1;
using namespace std::chrono_literals;

class GrpcServerTest : public ::testing::Test {
 protected:
  void start(std::string token = "") {
    dir_ = fs::temp_directory_path() / ("mb_grpc_" + random_uuid());
    fs::create_directories(dir_ / "backups");
    auto jobs = api::JobManager::open({.state_dir = dir_ / "state"});
    ASSERT_TRUE(jobs.has_value()) << jobs.error().to_string();
    jobs_ = std::move(*jobs);
    milvus_backup::Config config;
    config.backup.storage.provider = "local";
    config.backup.storage.root_path = (dir_ / "backups").string();
    service_ = std::make_unique<milvus_backup::Service>(config, *jobs_);
    auto server = GrpcServer::start(*service_, {.host = "127.0.0.1", .port = 0, .auth_token = std::move(token)});
    ASSERT_TRUE(server.has_value()) << server.error().to_string();
    server_ = std::move(*server);
    stub_ = pb::BackupService::NewStub(
        grpc::CreateChannel(fmt::format("127.0.0.1:{}", server_->port()), grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    server_.reset();
    service_.reset();
    jobs_.reset();
    fs::remove_all(dir_);
  }

  std::unique_ptr<grpc::ClientContext> call(const std::string& authorization = "") {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + 10s);
    if (!authorization.empty()) context->AddMetadata("authorization", authorization);
    return context;
  }

  fs::path dir_;
  std::unique_ptr<api::JobManager> jobs_;
  std::unique_ptr<milvus_backup::Service> service_;
  std::unique_ptr<GrpcServer> server_;
  std::unique_ptr<pb::BackupService::Stub> stub_;
};

TEST_F(GrpcServerTest, BadInputsGetTheirStatusCodes) {
  start();
  pb::Job job;
  pb::CreateRequest create;
  create.set_backup_name("1starts_with_a_digit");
  auto status = stub_->Create(call().get(), create, &job);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_NE(status.error_message().find("backup name"), std::string::npos) << status.error_message();

  pb::Backup backup;
  pb::GetRequest get;
  get.set_backup_name("absent");
  EXPECT_EQ(stub_->Get(call().get(), get, &backup).error_code(), grpc::StatusCode::NOT_FOUND);

  pb::RestoreRequest restore;
  restore.set_backup_name("absent");
  status = stub_->Restore(call().get(), restore, &job);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "backup absent not found");

  pb::GetRestoreRequest get_restore;
  get_restore.set_id("nope");
  EXPECT_EQ(stub_->GetRestore(call().get(), get_restore, &job).error_code(), grpc::StatusCode::NOT_FOUND);

  pb::CancelRequest cancel;
  cancel.set_id("nope");
  EXPECT_EQ(stub_->Cancel(call().get(), cancel, &job).error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  pb::ListResponse listed;
  ASSERT_TRUE(stub_->List(call().get(), pb::ListRequest(), &listed).ok());
  EXPECT_EQ(listed.backups_size(), 0);
}

TEST_F(GrpcServerTest, TokenIsRequiredWhenConfigured) {
  start("s3cret");
  pb::ListResponse listed;
  EXPECT_EQ(stub_->List(call().get(), pb::ListRequest(), &listed).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(stub_->List(call("Bearer wrong").get(), pb::ListRequest(), &listed).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(stub_->List(call("s3cret").get(), pb::ListRequest(), &listed).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(stub_->List(call("Bearer s3cret").get(), pb::ListRequest(), &listed).ok());

  pb::WatchJobRequest watch;
  watch.set_kind(pb::JOB_KIND_BACKUP);
  watch.set_id("x");
  auto context = call();
  auto reader = stub_->WatchJob(context.get(), watch);
  pb::Job job;
  EXPECT_FALSE(reader->Read(&job));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(GrpcServerTest, WatchJobStreamsUntilTheJobEnds) {
  start();
  // A restore of this server, as the REST shell would have started it.
  auto started = jobs_->start({.kind = api::JobKind::kRestore, .id = "rs-1", .name = "bk",
                               .run = [](const CancellationToken& cancel) -> Result<api::JobOutcome> {
                                 while (!cancel.cancelled()) std::this_thread::sleep_for(5ms);
                                 return fail(ErrorCode::kCancelled, "cancelled");
                               },
                               .sample = [] { return api::ProgressSnapshot{.phase = "copy", .files_total = 3}; }});
  ASSERT_TRUE(started.has_value());

  pb::WatchJobRequest watch;
  watch.set_kind(pb::JOB_KIND_RESTORE);
  watch.set_id("rs-1");
  watch.set_interval_ms(50);
  auto context = call();
  auto reader = stub_->WatchJob(context.get(), watch);
  std::vector<pb::Job> received;
  pb::Job job;
  while (reader->Read(&job)) {
    received.push_back(job);
    if (received.size() == 3) {
      pb::CancelRequest cancel;
      cancel.set_kind(pb::JOB_KIND_RESTORE);
      cancel.set_id("rs-1");
      pb::Job cancelled;
      EXPECT_TRUE(stub_->Cancel(call().get(), cancel, &cancelled).ok());
      EXPECT_EQ(cancelled.id(), "rs-1");
    }
  }
  const auto finished = reader->Finish();
  ASSERT_TRUE(finished.ok()) << finished.error_message();
  ASSERT_GE(received.size(), 4u);
  EXPECT_EQ(received.front().kind(), pb::JOB_KIND_RESTORE);
  EXPECT_EQ(received[1].progress().phase(), "copy");
  EXPECT_EQ(received[1].progress().files_total(), 3u);
  EXPECT_EQ(received.back().state(), pb::JOB_STATE_FAIL);
  EXPECT_EQ(received.back().error_kind(), "cancelled");

  pb::WatchJobRequest unspecified;
  unspecified.set_id("rs-1");
  auto context2 = call();
  auto reader2 = stub_->WatchJob(context2.get(), unspecified);
  EXPECT_FALSE(reader2->Read(&job));
  EXPECT_EQ(reader2->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace mb::server
