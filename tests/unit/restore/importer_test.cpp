// Test data is built with designated initializers that leave most members of the meta model
// (which has no member initializers) at their defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "restore/importer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_milvus_client.h"

namespace mb::restore {
namespace {

using ::testing::HasSubstr;

CollectionTask two_job_task() {
  CollectionTask task{.target_db = "default", .target_collection = "c1"};
  task.imports.push_back(ImportJob{.partition = "_default", .insert_log_dir = "i/1/", .delta_log_dir = "d/1/",
                                   .options = import_options(false, 0), .rows = 10});
  task.imports.push_back(ImportJob{.partition = "p2", .delta_log_dir = "d/2/", .l0 = true,
                                   .options = import_options(true, 0), .rows = 1});
  return task;
}

const ImportSettings kFast{.concurrency = 4, .poll_interval = std::chrono::milliseconds(1)};

TEST(Importer, SendsTheFilesAndOptionsDataBeforeL0) {
  testing::FakeMilvusClient client;
  auto outcome = run_imports(client, two_job_task(), {{"/s/i/1/", ""}, {"/s/d/2/"}}, kFast);
  ASSERT_TRUE(outcome) << outcome.error().to_string();
  EXPECT_EQ(outcome->jobs, 2u);
  ASSERT_EQ(client.imports.size(), 2u);
  EXPECT_EQ(client.imports[0].files, (std::vector<std::string>{"/s/i/1/", ""}));
  EXPECT_EQ(client.imports[0].partition, "_default");
  EXPECT_EQ(client.imports[1].files, (std::vector<std::string>{"/s/d/2/"}));
  EXPECT_EQ(client.imports[1].options.front().first, "l0_import");
}

TEST(Importer, FailedImportCarriesReasonCollectionAndFiles) {
  testing::FakeMilvusClient client;
  client.import_states[1] = milvus::ImportTaskState{.state = milvus::common_pb::ImportFailed,
                                                    .infos = {{"failed_reason", "bad binlog"}}};
  auto outcome = run_imports(client, two_job_task(), {{"/s/i/1/", ""}, {"/s/d/2/"}}, kFast);
  ASSERT_FALSE(outcome);
  EXPECT_THAT(outcome.error().message, HasSubstr("bad binlog"));
  EXPECT_EQ(outcome.error().get("target"), "default.c1");
  EXPECT_EQ(outcome.error().get("files"), "[/s/i/1/, ]");
  EXPECT_EQ(client.imports.size(), 1u);  // the L0 job never started
}

TEST(Importer, ZeroRowsFromRowsInTheBackupIsAnError) {
  testing::FakeMilvusClient client;
  client.import_states[1] = milvus::ImportTaskState{.state = milvus::common_pb::ImportCompleted, .row_count = 0};
  auto outcome = run_imports(client, two_job_task(), {{"rel/i/1/", ""}, {"/s/d/2/"}}, kFast);
  ASSERT_FALSE(outcome);
  EXPECT_THAT(outcome.error().message, HasSubstr("0 rows"));
}

}  // namespace
}  // namespace mb::restore
