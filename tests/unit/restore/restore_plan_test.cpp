// Test data is built with designated initializers that leave most members of the meta model
// (which has no member initializers) at their defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "restore/restore_plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mb::restore {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

meta::SegmentBackupInfo segment(int64_t id, int64_t partition, int64_t group, int64_t rows, bool l0 = false) {
  meta::SegmentBackupInfo s;
  s.segment_id = id;
  s.collection_id = 10;
  s.partition_id = partition;
  s.group_id = group;
  s.num_of_rows = rows;
  s.is_l0 = l0;
  return s;
}

meta::CollectionBackupInfo collection(std::string db, std::string name) {
  meta::CollectionBackupInfo c;
  c.collection_id = 10;
  c.db_name = std::move(db);
  c.collection_name = name;
  c.schema = meta::CollectionSchema{.name = name};
  meta::PartitionBackupInfo p1{.partition_id = 20, .partition_name = "_default", .collection_id = 10};
  p1.segment_backups = {segment(100, 20, 100, 5), segment(101, 20, 101, 7)};
  meta::PartitionBackupInfo p2{.partition_id = 21, .partition_name = "p2", .collection_id = 10};
  p2.segment_backups = {segment(102, 21, 102, 3)};
  c.partition_backups = {p1, p2};
  return c;
}

meta::BackupInfo backup_of(std::vector<meta::CollectionBackupInfo> collections) {
  meta::BackupInfo info;
  info.name = "bk";
  info.collection_backups = std::move(collections);
  return info;
}

const PlanContext kContext{.backup_dir = "backup/bk/"};

TEST(RestorePlan, OneImportPerSegmentGroupWithBackupOptions) {
  auto plan = plan_restore(backup_of({collection("", "c1")}), {.backup_name = "bk", .suffix = "_r"}, kContext);
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_EQ(plan->collections.size(), 1u);
  const auto& task = plan->collections[0];
  EXPECT_EQ(task.target_db, "default");
  EXPECT_EQ(task.target_collection, "c1_r");
  EXPECT_THAT(task.partitions, ElementsAre("_default", "p2"));
  ASSERT_EQ(task.imports.size(), 3u);
  EXPECT_EQ(task.imports[0].partition, "_default");
  EXPECT_EQ(task.imports[0].insert_log_dir, "backup/bk/binlogs/insert_log/10/20/100/");
  EXPECT_EQ(task.imports[0].delta_log_dir, "backup/bk/binlogs/delta_log/10/20/100/");
  EXPECT_EQ(task.imports[0].rows, 5);
  EXPECT_EQ(task.imports[2].partition, "p2");
  EXPECT_EQ(task.imports[2].insert_log_dir, "backup/bk/binlogs/insert_log/10/21/102/");
  EXPECT_THAT(task.imports[0].options, ElementsAre(Pair("backup", "true"), Pair("skip_disk_quota_check", "true")));
  for (const auto& job : task.imports) {
    for (const auto& [key, value] : job.options) EXPECT_NE(key, "end_ts");  // 2.3 misreads a TSO end_ts
  }
  EXPECT_THAT(plan->databases, ElementsAre("default"));
}

TEST(RestorePlan, LegacyBackupWithoutGroupsImportsWholePartitions) {
  auto c = collection("db1", "c1");
  for (auto& p : c.partition_backups) {
    for (auto& s : p.segment_backups) s.group_id = 0;
  }
  auto plan = plan_restore(backup_of({c}), {.backup_name = "bk"}, kContext);
  ASSERT_TRUE(plan);
  const auto& imports = plan->collections[0].imports;
  ASSERT_EQ(imports.size(), 2u);
  EXPECT_EQ(imports[0].insert_log_dir, "backup/bk/binlogs/insert_log/10/20/");
  EXPECT_EQ(imports[0].delta_log_dir, "backup/bk/binlogs/delta_log/10/20/");
  EXPECT_EQ(imports[0].rows, 12);
  EXPECT_THAT(imports[0].segment_ids, ElementsAre(100, 101));
}

TEST(RestorePlan, L0SegmentsGoLastWithL0ImportOnNewerMilvus) {
  auto c = collection("", "c1");
  c.partition_backups[0].segment_backups.push_back(segment(103, 20, 103, 2, true));
  c.l0_segments.push_back(segment(104, meta::kAllPartitionsId, 0, 1, true));
  c.l0_segments.back().storage_version = 2;
  auto plan = plan_restore(backup_of({c}), {.backup_name = "bk"},
                           PlanContext{.backup_dir = "backup/bk/", .l0_import_supported = true});
  ASSERT_TRUE(plan) << plan.error().to_string();
  const auto& imports = plan->collections[0].imports;
  ASSERT_EQ(imports.size(), 5u);
  EXPECT_FALSE(imports[2].l0);
  EXPECT_TRUE(imports[3].l0);
  EXPECT_EQ(imports[3].partition, "_default");
  EXPECT_EQ(imports[3].insert_log_dir, "");
  EXPECT_EQ(imports[3].delta_log_dir, "backup/bk/binlogs/delta_log/10/20/103/");
  EXPECT_THAT(imports[3].options, ElementsAre(Pair("l0_import", "true"), Pair("skip_disk_quota_check", "true")));
  EXPECT_EQ(imports[4].partition, "");
  EXPECT_EQ(imports[4].delta_log_dir, "backup/bk/binlogs/delta_log/10/-1/104/");
  EXPECT_THAT(imports[4].options, ElementsAre(Pair("l0_import", "true"), Pair("skip_disk_quota_check", "true"),
                                              Pair("storage_version", "2")));
}

TEST(RestorePlan, L0SegmentsAreRefusedOnMilvus23) {
  auto c = collection("", "c1");
  c.l0_segments.push_back(segment(104, meta::kAllPartitionsId, 0, 1, true));
  auto plan = plan_restore(backup_of({c}), {.backup_name = "bk"}, kContext);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(plan.error().get("collection"), ".c1");
}

TEST(RestorePlan, RenameDatabaseWildcardAndCollection) {
  auto plan = plan_restore(backup_of({collection("db1", "c1"), collection("db1", "c2"), collection("db3", "c3")}),
                           {.backup_name = "bk", .rename = "db1.*:db2.*,db3.c3:db4.c9"}, kContext);
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_EQ(plan->collections.size(), 3u);
  EXPECT_EQ(plan->collections[0].target_label(), "db2.c1");
  EXPECT_EQ(plan->collections[1].target_label(), "db2.c2");
  EXPECT_EQ(plan->collections[2].target_label(), "db4.c9");
  EXPECT_THAT(plan->databases, ElementsAre("db2", "db4"));
}

TEST(RestorePlan, FilterMatchesTargetNames) {
  auto backup = backup_of({collection("", "c1"), collection("", "c2")});
  auto plan = plan_restore(backup, {.backup_name = "bk", .filter = "c2_r", .suffix = "_r"}, kContext);
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->collections.size(), 1u);
  EXPECT_EQ(plan->collections[0].target_collection, "c2_r");

  auto none = plan_restore(backup, {.backup_name = "bk", .filter = "c2"}, kContext);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->collections.size(), 1u);
  auto nothing = plan_restore(backup, {.backup_name = "bk", .filter = "nope"}, kContext);
  ASSERT_FALSE(nothing);
  EXPECT_EQ(nothing.error().code, ErrorCode::kInvalidArgument);
}

TEST(RestorePlan, SourceFilterMatchesTheBackupsOwnNamesBeforeRenames) {
  // "a.*" renamed into w must not also pick up what the backup holds in w.
  auto backup = backup_of({collection("a", "c1"), collection("w", "x"), collection("b", "c")});
  auto plan = plan_restore(backup, {.backup_name = "bk", .source_filter = "a.*", .rename = "a.*:w.*"}, kContext);
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_EQ(plan->collections.size(), 1u);
  EXPECT_EQ(plan->collections[0].target_label(), "w.c1");

  // Both filters given: a collection is restored when each selects it.
  auto both = plan_restore(backup, {.backup_name = "bk", .filter = "w.*", .source_filter = "a.*,b.c",
                                    .rename = "a.*:w.*"}, kContext);
  ASSERT_TRUE(both) << both.error().to_string();
  ASSERT_EQ(both->collections.size(), 1u);
  EXPECT_EQ(both->collections[0].target_label(), "w.c1");

  auto nothing = plan_restore(backup, {.backup_name = "bk", .filter = "b.*", .source_filter = "a.*"}, kContext);
  ASSERT_FALSE(nothing);
  EXPECT_EQ(nothing.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(nothing.error().get("backup-side filter"), "a.*");
}

TEST(RestorePlan, TwoSourcesOnOneTargetIsRefused) {
  auto plan = plan_restore(backup_of({collection("", "c1"), collection("", "c2")}),
                           {.backup_name = "bk", .rename = "c1:x,c2:x"}, kContext);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().get("target"), "default.x");
}

TEST(RestorePlan, MetaOnlyHasNoImports) {
  auto plan = plan_restore(backup_of({collection("", "c1")}), {.backup_name = "bk", .meta_only = true}, kContext);
  ASSERT_TRUE(plan);
  EXPECT_TRUE(plan->collections[0].imports.empty());
  EXPECT_EQ(plan->collections[0].partitions.size(), 2u);
}

TEST(RestorePlan, CollectionWithoutSchemaIsCorrupt) {
  auto c = collection("", "c1");
  c.schema.reset();
  auto plan = plan_restore(backup_of({c}), {.backup_name = "bk"}, kContext);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, ErrorCode::kCorrupt);
}

TEST(RestoreOptions, GoToolCombinationsAreRefused) {
  EXPECT_EQ(validate_restore_options({.backup_name = "bk", .suffix = "_r", .rename = "a:b"}).error().message,
            "suffix and rename flag cannot be set at the same time");
  EXPECT_FALSE(validate_restore_options({.backup_name = "bk", .drop_exist_collection = true,
                                         .skip_create_collection = true}));
  EXPECT_FALSE(validate_restore_options({.backup_name = "bk", .rbac = true}));
  EXPECT_EQ(validate_restore_options({}).error().message, "backup name is required");
  EXPECT_TRUE(validate_restore_options({.backup_name = "bk", .suffix = "_r"}));
}

}  // namespace
}  // namespace mb::restore
