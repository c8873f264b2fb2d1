#include "backup/backup_plan.h"

#include <gtest/gtest.h>

namespace mb::backup {
namespace {

const std::string kDir = "backup/nightly/";

meta::Binlog binlog(const std::string& path, int64_t size, int64_t log_id) {
  meta::Binlog out;
  out.log_path = path;
  out.log_size = size;
  out.log_id = log_id;
  return out;
}

meta::SegmentBackupInfo segment(int64_t collection, int64_t partition, int64_t id, bool l0 = false) {
  meta::SegmentBackupInfo out;
  out.segment_id = id;
  out.collection_id = collection;
  out.partition_id = partition;
  out.is_l0 = l0;
  out.group_id = partition == meta::kAllPartitionsId ? 0 : id;
  const auto ids = std::to_string(collection) + "/" + std::to_string(partition) + "/" + std::to_string(id);
  if (!l0) {
    out.binlogs.push_back({.field_id = 100, .binlogs = {binlog("files/insert_log/" + ids + "/100/1", 10, 1)}});
    out.binlogs.push_back({.field_id = 101, .binlogs = {binlog("files/insert_log/" + ids + "/101/2", 20, 2)}});
  }
  out.deltalogs.push_back({.field_id = 0, .binlogs = {binlog("files/delta_log/" + ids + "/3", 5, 3)}});
  out.size = l0 ? 5 : 35;
  return out;
}

meta::CollectionBackupInfo collection(int64_t id, std::vector<int64_t> partitions) {
  meta::CollectionBackupInfo out;
  out.collection_id = id;
  out.db_name = "default";
  out.collection_name = "c" + std::to_string(id);
  for (int64_t partition : partitions) {
    meta::PartitionBackupInfo p;
    p.partition_id = partition;
    p.partition_name = "p" + std::to_string(partition);
    p.collection_id = id;
    out.partition_backups.push_back(p);
  }
  return out;
}

BackupContent content_of(std::vector<CollectionContent> collections) {
  return BackupContent{.id = "task", .name = "nightly", .milvus_version = "v2.3.5", .databases = {{"default", 0, {}, {}}},
                       .collections = std::move(collections)};
}

TEST(BackupPlanTest, CopiesEveryBinlogToTheGoToolsKeys) {
  auto plan = plan_backup(kDir, content_of({{collection(1, {11}), {segment(1, 11, 500)}}}));
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_EQ(plan->jobs.size(), 3u);
  EXPECT_EQ(plan->jobs[0].src_key, "files/insert_log/1/11/500/100/1");
  EXPECT_EQ(plan->jobs[0].dst_key, "backup/nightly/binlogs/insert_log/1/11/500/500/100/1");
  EXPECT_EQ(plan->jobs[0].size, 10u);
  EXPECT_EQ(plan->jobs[1].dst_key, "backup/nightly/binlogs/insert_log/1/11/500/500/101/2");
  EXPECT_EQ(plan->jobs[2].src_key, "files/delta_log/1/11/500/3");
  EXPECT_EQ(plan->jobs[2].dst_key, "backup/nightly/binlogs/delta_log/1/11/500/500/3");
  EXPECT_EQ(plan->jobs[2].size, 5u);
}

TEST(BackupPlanTest, BuildsTheTreeWithSizesSummedUp) {
  auto plan = plan_backup(kDir, content_of({{collection(1, {11, 12}), {segment(1, 11, 500), segment(1, 12, 501),
                                                                          segment(1, 12, 502)}},
                                            {collection(2, {21}), {}}}));
  ASSERT_TRUE(plan) << plan.error().to_string();
  const auto& info = plan->info;
  EXPECT_EQ(info.id, "task");
  EXPECT_EQ(info.name, "nightly");
  EXPECT_EQ(info.milvus_version, "v2.3.5");
  EXPECT_EQ(info.format, "");
  EXPECT_EQ(info.size, 105);
  ASSERT_EQ(info.collection_backups.size(), 2u);
  const auto& first = info.collection_backups[0];
  EXPECT_EQ(first.size, 105);
  ASSERT_EQ(first.partition_backups.size(), 2u);
  EXPECT_EQ(first.partition_backups[0].size, 35);
  EXPECT_EQ(first.partition_backups[0].segment_backups.size(), 1u);
  EXPECT_EQ(first.partition_backups[1].size, 70);
  EXPECT_EQ(first.partition_backups[1].segment_backups.size(), 2u);
  EXPECT_EQ(info.collection_backups[1].size, 0);
  EXPECT_EQ(info.database_backups.size(), 1u);
}

TEST(BackupPlanTest, CollectionLevelL0SegmentsGoToTheCollectionWithoutGroupLevel) {
  auto plan = plan_backup(kDir, content_of({{collection(1, {11}), {segment(1, meta::kAllPartitionsId, 600, true)}}}));
  ASSERT_TRUE(plan) << plan.error().to_string();
  const auto& coll = plan->info.collection_backups[0];
  ASSERT_EQ(coll.l0_segments.size(), 1u);
  EXPECT_TRUE(coll.partition_backups[0].segment_backups.empty());
  EXPECT_EQ(coll.size, 5);
  ASSERT_EQ(plan->jobs.size(), 1u);
  EXPECT_EQ(plan->jobs[0].dst_key, "backup/nightly/binlogs/delta_log/1/-1/600/3");
}

TEST(BackupPlanTest, SegmentOfAnUnlistedPartitionIsLeftOutWithItsFiles) {
  auto plan = plan_backup(kDir, content_of({{collection(1, {11}), {segment(1, 99, 500), segment(1, 11, 501)}}}));
  ASSERT_TRUE(plan) << plan.error().to_string();
  EXPECT_EQ(plan->jobs.size(), 3u);
  for (const auto& job : plan->jobs) EXPECT_EQ(job.src_key.find("/99/"), std::string::npos) << job.src_key;
  EXPECT_EQ(plan->info.size, 35);
}

TEST(BackupPlanTest, SegmentReadForTheWrongCollectionIsAnInternalError) {
  auto plan = plan_backup(kDir, content_of({{collection(1, {11}), {segment(2, 11, 500)}}}));
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, ErrorCode::kInternal);
}

TEST(BackupPlanTest, ManifestListsFilesRelativeToTheBackup) {
  auto manifest = build_manifest(kDir,
                                 {{.dst_key = "backup/nightly/binlogs/insert_log/1/2/3/3/4/5", .size = 10,
                                   .crc32c = 0xdeadbeef, .server_side = false}},
                                 1000, 2000);
  ASSERT_TRUE(manifest) << manifest.error().to_string();
  EXPECT_EQ(manifest->tool_version, MB_VERSION);
  EXPECT_EQ(manifest->start_time_unix_ms, 1000);
  EXPECT_EQ(manifest->end_time_unix_ms, 2000);
  ASSERT_EQ(manifest->files.size(), 1u);
  EXPECT_EQ(manifest->files[0], (meta::ManifestFile{"binlogs/insert_log/1/2/3/3/4/5", 10, 0xdeadbeef}));
}

TEST(BackupPlanTest, ManifestRefusesAFileWithoutChecksum) {
  auto manifest = build_manifest(
      kDir, {{.dst_key = "backup/nightly/binlogs/x", .size = 1, .crc32c = std::nullopt, .server_side = true}}, 0, 0);
  ASSERT_FALSE(manifest);
  EXPECT_EQ(manifest.error().code, ErrorCode::kInternal);
}

}  // namespace
}  // namespace mb::backup
