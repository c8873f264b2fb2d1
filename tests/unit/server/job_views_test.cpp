// The answers' times in the Go tool's units: a backup's in unix milliseconds (its BackupInfo's),
// a restore's in unix seconds.
#include "server/job_views.h"

#include "server/openapi.h"

#include <gtest/gtest.h>

namespace mb::server {
namespace {

api::JobRecord ended_job(api::JobKind kind) {
  return api::JobRecord{.id = "job-1", .kind = kind, .name = "bk", .state = api::JobState::kSuccess,
                        .progress = 100, .start_time = 1796352533, .end_time = 1796352534};
}

TEST(JobViews, BackupTasksCountInMilliseconds) {
  const auto view = backup_task_view(ended_job(api::JobKind::kBackup));
  EXPECT_EQ(view["start_time"], 1796352533000);
  EXPECT_EQ(view["end_time"], 1796352534000);
}

TEST(JobViews, AStoredBackupShowsItsMetasTimesAndItsOneId) {
  api::BackupDetails details;
  details.info.id = "job-1";
  details.info.name = "bk";
  details.info.start_time = 1796352533188;
  details.info.end_time = 1796352533617;
  auto view = stored_backup_view(details, std::nullopt);
  ASSERT_TRUE(view) << view.error().to_string();
  EXPECT_EQ((*view)["id"], "job-1");
  EXPECT_EQ((*view)["state_code"], 2);
  EXPECT_EQ((*view)["start_time"], 1796352533188);
  EXPECT_EQ((*view)["end_time"], 1796352533617);
  EXPECT_EQ((*view)["progress"], 100);
}

TEST(JobViews, ListEntriesCarryTheMetasTimes) {
  const auto view = backup_listing_view(api::BackupListing{.name = "bk", .complete = true, .id = "job-1",
                                                           .start_time_ms = 5, .end_time_ms = 6});
  EXPECT_EQ(view.dump(), R"({"id":"job-1","state_code":2,"start_time":5,"end_time":6,"progress":100,"name":"bk",)"
                         R"("size":0,"meta_size":0})");
}

TEST(JobViews, RestoreTasksCountInSeconds) {
  const auto view = restore_task_view(ended_job(api::JobKind::kRestore));
  EXPECT_EQ(view["start_time"], 1796352533);
  EXPECT_EQ(view["end_time"], 1796352534);
}

TEST(JobViews, RestoreTasksHaveIdsAndSizesInTheGoToolsOrder) {
  auto job = ended_job(api::JobKind::kRestore);
  job.collections = {"db.c1", "c2"};
  job.collection_sizes = {10, 5};
  const auto view = restore_task_view(job);
  std::vector<std::string> keys;
  for (const auto& [key, value] : view.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"id", "state_code", "start_time", "end_time", "collection_restore_tasks",
                                            "restored_size", "to_restore_size", "progress"}));
  EXPECT_EQ(view["restored_size"], 15);
  EXPECT_EQ(view["to_restore_size"], 15);
  const auto& tasks = view["collection_restore_tasks"];
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(tasks[0]["id"], "job-1_0");
  EXPECT_EQ(tasks[0]["restored_size"], 10);
  EXPECT_EQ(tasks[0]["to_restore_size"], 10);
  EXPECT_EQ(tasks[0]["target_db_name"], "db");
  EXPECT_EQ(tasks[1]["target_db_name"], "default");
  EXPECT_EQ(tasks[1]["target_collection_name"], "c2");
}

// The OpenAPI document forbids undocumented members (additionalProperties false), so a member the
// view gains must be documented too: clients generated from the document reject the answer otherwise.
TEST(JobViews, EveryMemberOfARestoreTaskIsInTheOpenApiDocument) {
  auto job = ended_job(api::JobKind::kRestore);
  job.collections = {"db.c1"};
  job.collection_sizes = {10};
  job.error = "x";
  const auto view = restore_task_view(job);
  const auto schema =
      nlohmann::json::parse(openapi_document())["components"]["schemas"]["RestoreBackupTaskResponse"];
  const auto& task_schema = schema["properties"]["collection_restore_tasks"]["items"];
  for (const auto& [key, value] : view.items()) EXPECT_TRUE(schema["properties"].contains(key)) << key;
  for (const auto& [key, value] : view["collection_restore_tasks"][0].items()) {
    EXPECT_TRUE(task_schema["properties"].contains(key)) << key;
  }
}

}  // namespace
}  // namespace mb::server
