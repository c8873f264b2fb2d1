// Test data is built with designated initializers that leave most members of the meta model
// (which has no member initializers) at their defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "restore/directory_binlogs.h"

#include <gtest/gtest.h>

#include "memory_store.h"
#include "restore/binlog_stager.h"
#include "restore/restore_plan.h"

namespace mb::restore {
namespace {

constexpr const char* kSegmentDir = "var/lib/milvus/data/insert_log/10/20/100/";

// As the decoder reads it: a v0.4 binlog's log id is its path's last element, here a field id.
meta::Binlog dir_entry(const std::string& field) {
  return meta::Binlog{.log_path = kSegmentDir + field, .log_size = 4096, .log_id = std::stoll(field)};
}

// A segment as Go v0.4.30 lists it on local storage: field 0 without a fieldID, field 1's glob
// also matching field 101's directory, every entry a directory of 4096 bytes.
meta::CollectionBackupInfo go_local_collection() {
  meta::CollectionBackupInfo c;
  c.collection_id = 10;
  c.db_name = "db";
  c.collection_name = "c1";
  c.schema = meta::CollectionSchema{.name = "c1"};
  meta::SegmentBackupInfo s{.segment_id = 100, .collection_id = 10, .partition_id = 20, .num_of_rows = 3};
  s.group_id = 100;
  s.binlogs = {meta::FieldBinlog{.field_id = 0, .binlogs = {dir_entry("0")}},
               meta::FieldBinlog{.field_id = 1, .binlogs = {dir_entry("1"), dir_entry("101")}},
               meta::FieldBinlog{.field_id = 101, .binlogs = {dir_entry("101")}}};
  s.deltalogs = {meta::FieldBinlog{.field_id = 9, .binlogs = {meta::Binlog{
                     .log_path = "var/lib/milvus/data/delta_log/10/20/100/9", .log_size = 1, .log_id = 9}}}};
  c.partition_backups = {meta::PartitionBackupInfo{.partition_id = 20, .partition_name = "_default",
                                                   .collection_id = 10, .segment_backups = {s}}};
  return c;
}

void put_segment_files(testing::MemoryStore& store) {
  store.set("backup/bk/binlogs/insert_log/10/20/100/100/0/7", "ts");
  store.set("backup/bk/binlogs/insert_log/10/20/100/100/1/8", "row ids");
  store.set("backup/bk/binlogs/insert_log/10/20/100/100/101/5", "vec");
  store.set("backup/bk/binlogs/insert_log/10/20/100/100/101/6", "vec2");
  store.set("backup/bk/binlogs/delta_log/10/20/100/100/9", "d");
}

TEST(DirectoryBinlogs, TellsFieldDirectoriesFromFiles) {
  EXPECT_TRUE(is_directory_binlog(dir_entry("101")));
  EXPECT_TRUE(is_directory_binlog(meta::Binlog{.log_path = "insert_log/1/2/3/4"}));
  EXPECT_FALSE(is_directory_binlog(meta::Binlog{.log_path = "files/insert_log/1/2/3/4/5"}));
  EXPECT_FALSE(is_directory_binlog(meta::Binlog{.log_path = "files/delta_log/1/2/3/4"}));
  EXPECT_FALSE(is_directory_binlog(meta::Binlog{.log_path = "files/insert_log/1/2/3/x"}));
  EXPECT_FALSE(is_directory_binlog(meta::Binlog{.log_id = 7}));
  EXPECT_TRUE(has_directory_binlogs(go_local_collection()));
}

TEST(DirectoryBinlogs, RebuildsEachFieldFromTheFilesListed) {
  testing::MemoryStore store;
  put_segment_files(store);
  store.set("backup/bk/binlogs/insert_log/10/20/1000/1000/0/1", "another segment, not this one's");
  auto collection = go_local_collection();
  ASSERT_TRUE(expand_directory_binlogs(store, "backup/bk/", collection));
  const auto& binlogs = collection.partition_backups[0].segment_backups[0].binlogs;
  ASSERT_EQ(binlogs.size(), 3u);  // field 101 once, though field 1's entry named it too
  EXPECT_EQ(binlogs[0].field_id, 0);
  EXPECT_EQ(binlogs[1].field_id, 1);
  EXPECT_EQ(binlogs[2].field_id, 101);
  ASSERT_EQ(binlogs[2].binlogs.size(), 2u);
  EXPECT_EQ(binlogs[2].binlogs[0], (meta::Binlog{.log_path = "var/lib/milvus/data/insert_log/10/20/100/101/5",
                                                 .log_size = 3, .log_id = 5}));
  EXPECT_EQ(binlogs[2].binlogs[1].log_id, 6);
  EXPECT_FALSE(has_directory_binlogs(collection));
  // deletes were files already and stay as the meta lists them
  EXPECT_EQ(collection.partition_backups[0].segment_backups[0].deltalogs, go_local_collection().partition_backups[0].segment_backups[0].deltalogs);
}

TEST(DirectoryBinlogs, ExpandedMetaPassesTheStagersFileCheck) {
  testing::MemoryStore store;
  put_segment_files(store);
  meta::BackupInfo info;
  info.collection_backups = {go_local_collection()};
  auto plan = plan_restore(info, {.backup_name = "bk"}, PlanContext{.backup_dir = "backup/bk/"});
  ASSERT_TRUE(plan) << plan.error().to_string();
  auto& task = plan->collections.at(0);
  config::StorageConfig storage;
  storage.provider = "minio";
  const StagingTarget target{.backup_store = &store, .milvus_store = &store, .milvus_storage = storage,
                             .backup_storage = storage, .backup_dir = "backup/bk/"};
  // as the meta stands, its "log ids" are field ids and name no file
  auto unexpanded = check_backup_files(target, task);
  ASSERT_FALSE(unexpanded);
  EXPECT_EQ(unexpanded.error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(expand_directory_binlogs(store, "backup/bk/", task.source));
  auto checked = check_backup_files(target, task);
  EXPECT_TRUE(checked) << checked.error().to_string();
}

TEST(DirectoryBinlogs, AnEmptyFieldDirectoryTheMetaNamesIsNamed) {
  testing::MemoryStore store;
  store.set("backup/bk/binlogs/insert_log/10/20/100/100/0/7", "ts");
  store.set("backup/bk/binlogs/insert_log/10/20/100/100/1/8", "row ids");
  auto collection = go_local_collection();
  auto expanded = expand_directory_binlogs(store, "backup/bk/", collection);
  ASSERT_FALSE(expanded);
  EXPECT_EQ(expanded.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(expanded.error().get("dir"), "backup/bk/binlogs/insert_log/10/20/100/100/101/");
  EXPECT_EQ(expanded.error().get("collection"), "db.c1");
}

TEST(DirectoryBinlogs, AStrayFileUnderASegmentIsCorrupt) {
  testing::MemoryStore store;
  put_segment_files(store);
  store.set("backup/bk/binlogs/insert_log/10/20/100/100/101/notes.txt", "?");
  auto collection = go_local_collection();
  auto expanded = expand_directory_binlogs(store, "backup/bk/", collection);
  ASSERT_FALSE(expanded);
  EXPECT_EQ(expanded.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(expanded.error().get("key"), "backup/bk/binlogs/insert_log/10/20/100/100/101/notes.txt");
}

TEST(DirectoryBinlogs, OldLayoutWithoutGroupLevel) {
  testing::MemoryStore store;
  store.set("backup/bk/binlogs/insert_log/10/20/100/0/7", "ts");
  store.set("backup/bk/binlogs/insert_log/10/20/100/1/8", "row ids");
  store.set("backup/bk/binlogs/insert_log/10/20/100/101/5", "vec");
  auto collection = go_local_collection();
  collection.partition_backups[0].segment_backups[0].group_id = 0;
  ASSERT_TRUE(expand_directory_binlogs(store, "backup/bk/", collection));
  EXPECT_EQ(collection.partition_backups[0].segment_backups[0].binlogs.size(), 3u);
}

TEST(DirectoryBinlogs, OrdinaryMetaIsLeftAlone) {
  testing::MemoryStore store;  // empty: nothing is listed for a meta that names files
  auto collection = go_local_collection();
  collection.partition_backups[0].segment_backups[0].binlogs = {
      meta::FieldBinlog{.field_id = 101, .binlogs = {meta::Binlog{.log_path = "files/insert_log/10/20/100/101/5",
                                                                  .log_size = 3, .log_id = 5}}}};
  const auto before = collection;
  ASSERT_TRUE(expand_directory_binlogs(store, "backup/bk/", collection));
  EXPECT_EQ(collection, before);
}

}  // namespace
}  // namespace mb::restore
