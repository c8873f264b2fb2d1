#include "api/job_record.h"

#include <gtest/gtest.h>

namespace mb::api {
namespace {

TEST(JobRecord, KeepsTheRequestThatStartedTheJob) {
  const JobRecord record{.id = "c1", .kind = JobKind::kBackup, .name = "b1", .state = JobState::kExecuting,
                         .request = R"({"job_id":"c1","name":"b1"})", .sequence = 7};
  auto decoded = decode_job_record(encode_job_record(record));
  ASSERT_TRUE(decoded.has_value()) << decoded.error().to_string();
  EXPECT_EQ(decoded->request, record.request);
  EXPECT_EQ(decoded->sequence, 7u);
}

TEST(JobRecord, RecordOfAnOlderServerLoadsWithoutRequest) {
  // As a server before verify jobs and resumed jobs wrote it: no "report", no "request".
  constexpr std::string_view kOld = R"({"id": "r1", "kind": "restore", "name": "b1", "state": 1, "progress": 10,
    "counters": {"phase": "copy", "collections_done": 0, "collections_total": 1, "files_done": 1, "files_total": 4,
                 "bytes_done": 10, "bytes_total": 40},
    "error": "", "error_kind": "", "start_time": 1, "end_time": 0, "duration_seconds": 0, "size": 0,
    "collections": [], "sequence": 3})";
  auto decoded = decode_job_record(kOld);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().to_string();
  EXPECT_EQ(decoded->id, "r1");
  EXPECT_EQ(decoded->state, JobState::kExecuting);
  EXPECT_EQ(decoded->request, "");
}

TEST(JobRecord, RequestOfTheWrongTypeIsCorrupt) {
  auto record = encode_job_record({.id = "c1", .sequence = 1});
  record.insert(record.rfind('}'), R"(, "request": {"name": "b1"})");
  auto decoded = decode_job_record(record);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().code, ErrorCode::kCorrupt);
}

}  // namespace
}  // namespace mb::api
