// Test data is built with designated initializers that leave most members of the meta model
// (which has no member initializers) at their defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "restore/binlog_stager.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "memory_store.h"
#include "restore/restore_plan.h"

namespace mb::restore {
namespace {

using ::testing::HasSubstr;

CollectionTask planned_task() {
  meta::CollectionBackupInfo c;
  c.collection_id = 10;
  c.collection_name = "c1";
  c.schema = meta::CollectionSchema{.name = "c1"};
  meta::SegmentBackupInfo s{.segment_id = 100, .collection_id = 10, .partition_id = 20, .num_of_rows = 3};
  s.group_id = 100;
  s.binlogs = {meta::FieldBinlog{.field_id = 101, .binlogs = {meta::Binlog{.log_id = 7}}}};
  c.partition_backups = {meta::PartitionBackupInfo{.partition_id = 20, .partition_name = "_default",
                                                   .collection_id = 10, .segment_backups = {s}}};
  meta::BackupInfo info;
  info.collection_backups = {c};
  auto plan = plan_restore(info, {.backup_name = "bk"}, PlanContext{.backup_dir = "backup/bk/"});
  return plan->collections.at(0);
}

StagingTarget target(testing::MemoryStore& backup, testing::MemoryStore& milvus) {
  config::StorageConfig storage;
  storage.provider = "minio";
  return StagingTarget{.backup_store = &backup, .milvus_store = &milvus, .milvus_storage = storage,
                       .backup_storage = storage, .backup_dir = "backup/bk/"};
}

TEST(BinlogStager, CopiesIntoTheTempDirOfAnotherStoreAndNamesBucketKeys) {
  testing::MemoryStore backup("backup-bucket");
  testing::MemoryStore milvus("milvus-bucket");
  backup.set("backup/bk/binlogs/insert_log/10/20/100/100/101/7", "abc");
  auto staged = stage_binlogs(target(backup, milvus), planned_task(), "T", false);
  ASSERT_TRUE(staged) << staged.error().to_string();
  EXPECT_EQ(staged->temp_prefix, "restore-temp-T-default-c1/");
  ASSERT_EQ(staged->import_files.size(), 1u);
  EXPECT_EQ(staged->import_files[0],
            (std::vector<std::string>{"restore-temp-T-default-c1/binlogs/insert_log/10/20/100/", ""}));
  EXPECT_EQ(milvus.objects().count("restore-temp-T-default-c1/binlogs/insert_log/10/20/100/100/101/7"), 1u);
}

TEST(BinlogStager, SameStoreImportsInPlace) {
  testing::MemoryStore backup("same");
  testing::MemoryStore milvus("same");
  backup.set("backup/bk/binlogs/insert_log/10/20/100/100/101/7", "abc");
  backup.set("backup/bk/binlogs/delta_log/10/20/100/100/9", "d");
  auto staged = stage_binlogs(target(backup, milvus), planned_task(), "T", false);
  ASSERT_TRUE(staged);
  EXPECT_EQ(staged->temp_prefix, "");
  EXPECT_EQ(staged->import_files[0], (std::vector<std::string>{"backup/bk/binlogs/insert_log/10/20/100/",
                                                               "backup/bk/binlogs/delta_log/10/20/100/"}));
  EXPECT_TRUE(milvus.objects().empty());  // nothing copied
}

TEST(BinlogStager, SameEndpointOtherBucketIsStaged) {
  testing::MemoryStore backup("same");
  testing::MemoryStore milvus("same");
  auto t = target(backup, milvus);
  EXPECT_FALSE(needs_staging(t));
  t.backup_storage.bucket_name = "backups";
  EXPECT_TRUE(needs_staging(t));
}

TEST(BinlogStager, MissingBinlogIsNamed) {
  testing::MemoryStore backup("backup-bucket");
  testing::MemoryStore milvus("milvus-bucket");
  backup.set("backup/bk/binlogs/insert_log/10/20/100/100/102/8", "other field");
  auto staged = stage_binlogs(target(backup, milvus), planned_task(), "T", false);
  ASSERT_FALSE(staged);
  EXPECT_EQ(staged.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(staged.error().get("key"), "backup/bk/binlogs/insert_log/10/20/100/100/101/7");
  EXPECT_TRUE(milvus.objects().empty());
}

TEST(BinlogStager, LocalMilvusGetsAbsolutePaths) {
  config::StorageConfig local;
  local.provider = "local";
  local.root_path = "/data/milvus";
  EXPECT_EQ(*milvus_import_path(local, "data/milvus/restore-temp-T-db-c/x/"), "/data/milvus/restore-temp-T-db-c/x/");
  local.local_path = "/var/lib/milvus";
  EXPECT_EQ(*milvus_import_path(local, "data/milvus/restore-temp-T-db-c/x/"), "/var/lib/milvus/restore-temp-T-db-c/x/");
}

}  // namespace
}  // namespace mb::restore
