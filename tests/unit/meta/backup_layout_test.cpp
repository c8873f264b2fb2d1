#include "meta/backup_layout.h"

#include <gtest/gtest.h>

namespace mb::meta {
namespace {

TEST(BackupLayout, BackupDirAndMetaKeysJoinLikeGoPathJoin) {
  EXPECT_EQ(backup_dir("backup", "b1"), "backup/b1/");
  EXPECT_EQ(backup_dir("backup/", "b1"), "backup/b1/");
  EXPECT_EQ(backup_dir("", "b1"), "b1/");
  EXPECT_EQ(backup_dir("a//b/./c", "b1"), "a/b/c/b1/");
  EXPECT_EQ(meta_key("backup/b1/", "full_meta.json"), "backup/b1/meta/full_meta.json");
}

TEST(BackupLayout, JoinKeyCleansLikeGoPathClean) {
  EXPECT_EQ(join_key({}), "");
  EXPECT_EQ(join_key({"", ""}), "");
  EXPECT_EQ(join_key({"a/../../b", "c"}), "../b/c");
  EXPECT_EQ(join_key({"/a/../../b"}), "/b");
  EXPECT_EQ(join_key({"a", ".."}), ".");
}

TEST(BackupLayout, InsertLogKeyHasTheGroupLevel) {
  const BinlogIds ids{BinlogKind::kInsert, 449, 450, 451, 100, 452};
  EXPECT_EQ(backup_binlog_key("backup/b1/", ids, 451), "backup/b1/binlogs/insert_log/449/450/451/451/100/452");
}

TEST(BackupLayout, DeltaLogKeyHasTheGroupLevelInARealPartition) {
  const BinlogIds ids{BinlogKind::kDelta, 449, 450, 451, 0, 453};
  EXPECT_EQ(backup_binlog_key("backup/b1/", ids, 451), "backup/b1/binlogs/delta_log/449/450/451/451/453");
}

TEST(BackupLayout, CollectionLevelL0DeltaKeyHasNoGroupLevel) {
  const BinlogIds ids{BinlogKind::kDelta, 449, kAllPartitionsId, 460, 0, 461};
  EXPECT_EQ(backup_binlog_key("backup/b1/", ids, segment_group_id(kAllPartitionsId, 460)),
            "backup/b1/binlogs/delta_log/449/-1/460/461");
}

TEST(BackupLayout, GroupIdIsTheSegmentIdExceptForPartitionMinusOne) {
  EXPECT_EQ(segment_group_id(450, 451), 451);
  EXPECT_EQ(segment_group_id(kAllPartitionsId, 451), 0);
}

TEST(BackupLayout, BackupKeyOfASourceKey) {
  EXPECT_EQ(backup_key_of_source("backup/b1/", "files/insert_log/1/2/3/100/4", 3),
            "backup/b1/binlogs/insert_log/1/2/3/3/100/4");
  EXPECT_EQ(backup_key_of_source("backup/b1/", "files/delta_log/1/2/3/5", 3), "backup/b1/binlogs/delta_log/1/2/3/3/5");
  EXPECT_EQ(backup_key_of_source("backup/b1/", "delta_log/1/-1/3/5", 0), "backup/b1/binlogs/delta_log/1/-1/3/5");
  EXPECT_FALSE(backup_key_of_source("backup/b1/", "files/stats_log/1/2/3/100/4", 3));
}

TEST(BackupLayout, ParsesInsertAndDeltaKeys) {
  auto insert = parse_source_binlog_key("a/files/insert_log/1/2/3/100/4");
  ASSERT_TRUE(insert);
  EXPECT_EQ(*insert, (SourceBinlogKey{"a/files", {BinlogKind::kInsert, 1, 2, 3, 100, 4}}));

  auto delta = parse_source_binlog_key("files/delta_log/1/-1/3/5");
  ASSERT_TRUE(delta);
  EXPECT_EQ(*delta, (SourceBinlogKey{"files", {BinlogKind::kDelta, 1, -1, 3, 0, 5}}));

  auto rootless = parse_source_binlog_key("insert_log/1/2/3/100/9223372036854775807");
  ASSERT_TRUE(rootless);
  EXPECT_EQ(rootless->milvus_root, "");
  EXPECT_EQ(rootless->ids.log_id, 9223372036854775807);

  // The greedy root takes everything up to the last insert_log that has five ids after it.
  auto nested = parse_source_binlog_key("x/insert_log/y/insert_log/1/2/3/4/5");
  ASSERT_TRUE(nested);
  EXPECT_EQ(nested->milvus_root, "x/insert_log/y");
}

TEST(BackupLayout, RejectsKeysTheGoRegexesDoNotMatch) {
  for (const char* key : {
           "files/insert_log/1/2/3/100/4/",       // a prefix
           "files/insert_log/1/2/3/100",          // one id short
           "files/insert_log/1/-2/3/100/4",       // negative partition only allowed in delta logs
           "files/insert_log/1/2/3/x/4",          // not a number
           "files/insert_log/1/2/3/100/+4",       // \d only
           "files/insert_log/1/2/3/100/99999999999999999999",  // beyond int64
           "files/stats_log/1/2/3/100/4",
           "files/delta_log/1/2/3/4/5",           // delta logs have no field level
           "/insert_log/1/2/3/4/5",               // (.+)/ needs a character before the slash
           "a\nb/insert_log/1/2/3/4/5",           // Go's '.' does not match a newline
           "myinsert_log/1/2/3/4/5",
           "",
       }) {
    auto parsed = parse_source_binlog_key(key);
    ASSERT_FALSE(parsed) << key;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  }
  auto double_slash = parse_source_binlog_key("//insert_log/1/2/3/4/5");
  ASSERT_TRUE(double_slash);
  EXPECT_EQ(double_slash->milvus_root, "/");
}

TEST(BackupLayout, MilvusSegmentListingPrefixes) {
  EXPECT_EQ(milvus_segment_insert_log_dir("files", 1, 2, 3), "files/insert_log/1/2/3/");
  EXPECT_EQ(milvus_segment_delta_log_dir("files/", 1, -1, 3), "files/delta_log/1/-1/3/");
  EXPECT_EQ(milvus_segment_insert_log_dir("", 1, 2, 3), "insert_log/1/2/3/");
}

TEST(BackupLayout, CollectionVerificationPrefixes) {
  EXPECT_EQ(backup_collection_insert_log_dir("backup/b1/", 7), "backup/b1/binlogs/insert_log/7/");
  EXPECT_EQ(backup_collection_delta_log_dir("backup/b1/", 7), "backup/b1/binlogs/delta_log/7/");
}

TEST(BackupLayout, ImportDirectories) {
  EXPECT_EQ(segment_group_import_dirs("backup/b1/", 1, 2, 3),
            (ImportDirs{"backup/b1/binlogs/insert_log/1/2/3/", "backup/b1/binlogs/delta_log/1/2/3/"}));
  EXPECT_EQ(partition_import_dirs("backup/b1/", 1, 2),
            (ImportDirs{"backup/b1/binlogs/insert_log/1/2/", "backup/b1/binlogs/delta_log/1/2/"}));
  EXPECT_EQ(l0_segment_import_dir("backup/b1/", 1, -1, 5), "backup/b1/binlogs/delta_log/1/-1/5/");
  EXPECT_EQ(l0_segment_import_dir("backup/b1/", 1, 2, 5), "backup/b1/binlogs/delta_log/1/2/5/");
}

TEST(BackupLayout, OldBackupsWithoutGroupIdsImportWholePartitions) {
  PartitionBackupInfo partition;
  partition.segment_backups.resize(2);
  EXPECT_FALSE(partition_has_group_dirs(partition));
  partition.segment_backups[1].group_id = 9;
  partition.segment_backups[1].is_l0 = true;  // an L0 segment's group does not count
  EXPECT_FALSE(partition_has_group_dirs(partition));
  partition.segment_backups[0].group_id = 8;
  EXPECT_TRUE(partition_has_group_dirs(partition));
}

}  // namespace
}  // namespace mb::meta
