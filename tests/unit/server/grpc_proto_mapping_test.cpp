#include "server/grpc_proto_mapping.h"

#include <gtest/gtest.h>

namespace mb::server {
namespace {

TEST(ProtoMapping, ErrorCodesBecomeStatusCodesAClientCanActOn) {
  const std::pair<ErrorCode, grpc::StatusCode> cases[] = {
      {ErrorCode::kInvalidArgument, grpc::StatusCode::INVALID_ARGUMENT},
      {ErrorCode::kNotFound, grpc::StatusCode::NOT_FOUND},
      {ErrorCode::kAlreadyExists, grpc::StatusCode::ALREADY_EXISTS},
      {ErrorCode::kPermissionDenied, grpc::StatusCode::PERMISSION_DENIED},
      {ErrorCode::kUnavailable, grpc::StatusCode::UNAVAILABLE},
      {ErrorCode::kTimeout, grpc::StatusCode::DEADLINE_EXCEEDED},
      {ErrorCode::kCancelled, grpc::StatusCode::CANCELLED},
      {ErrorCode::kStorage, grpc::StatusCode::INTERNAL},
  };
  for (const auto& [code, expected] : cases) {
    EXPECT_EQ(to_grpc_status(Error(code, "x")).error_code(), expected) << to_string(code);
  }
  const auto status = to_grpc_status(Error(ErrorCode::kNotFound, "backup b not found").with("root", "backup"));
  EXPECT_EQ(status.error_message(), "backup b not found (root=backup)");
}

TEST(ProtoMapping, JobRecordKeepsTheGoToolsStateNumbers) {
  api::JobRecord record{.id = "r1", .kind = api::JobKind::kRestore, .name = "bk", .state = api::JobState::kSuccess,
                        .progress = 100, .counters = {.phase = "import", .bytes_done = 7},
                        .start_time = 10, .end_time = 20, .collections = {"default.c_bak"}};
  const auto job = to_proto(record);
  EXPECT_EQ(job.state(), ::milvus_backup::v1::JOB_STATE_SUCCESS);
  EXPECT_EQ(static_cast<int>(job.state()), 2);
  EXPECT_EQ(job.kind(), ::milvus_backup::v1::JOB_KIND_RESTORE);
  EXPECT_EQ(job.progress_percent(), 100);
  EXPECT_EQ(job.progress().phase(), "import");
  EXPECT_EQ(job.progress().bytes_done(), 7u);
  EXPECT_EQ(job.end_time(), 20);
  ASSERT_EQ(job.restored_collections_size(), 1);
  EXPECT_EQ(job.restored_collections(0), "default.c_bak");
}

TEST(ProtoMapping, RequestsCarryEveryOption) {
  ::milvus_backup::v1::RestoreRequest request;
  request.set_backup_name("bk");
  request.set_job_id("rs");
  request.set_suffix("_bak");
  request.set_rename("db1.*:db2.*");
  request.set_drop_exist_collection(true);
  request.set_rebuild_index(true);
  request.set_root_path("other");
  const auto restore = from_proto(request);
  EXPECT_EQ(restore.job_id, "rs");
  EXPECT_EQ(restore.options.backup_name, "bk");
  EXPECT_EQ(restore.options.suffix, "_bak");
  EXPECT_EQ(restore.options.rename, "db1.*:db2.*");
  EXPECT_TRUE(restore.options.drop_exist_collection);
  EXPECT_TRUE(restore.options.rebuild_index);
  EXPECT_FALSE(restore.options.skip_create_collection);
  EXPECT_EQ(restore.backup_root_path, "other");

  ::milvus_backup::v1::CreateRequest create;
  create.set_backup_name("bk");
  create.set_filter("db1.*");
  create.set_pause_gc(true);
  const auto backup = from_proto(create);
  EXPECT_EQ(backup.options.name, "bk");
  EXPECT_EQ(backup.options.filter, "db1.*");
  EXPECT_TRUE(backup.pause_gc);
  EXPECT_FALSE(from_proto(::milvus_backup::v1::JOB_KIND_UNSPECIFIED).has_value());
}

}  // namespace
}  // namespace mb::server
