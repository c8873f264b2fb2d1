#include "backup/backup_brief.h"

#include <gtest/gtest.h>

namespace mb::backup {
namespace {

meta::BackupInfo sample_backup() {
  meta::BackupInfo info;
  info.id = "task-1";
  info.name = "nightly";
  info.size = 35;
  info.milvus_version = "v2.3.5";
  meta::CollectionBackupInfo collection;
  collection.id = "task-1";
  collection.collection_id = 448;
  collection.db_name = "default";
  collection.collection_name = "a<b";
  collection.schema = meta::CollectionSchema{};
  collection.schema->name = "a<b";
  collection.shards_num = 2;
  collection.backup_timestamp = 448000000000000123ULL;
  collection.size = 35;
  collection.load_state = "NotLoad";
  collection.channel_checkpoints = {{"v1", "QUJD"}};
  meta::PartitionBackupInfo partition;
  partition.partition_id = 449;
  partition.partition_name = "_default";
  partition.collection_id = 448;
  partition.size = 35;
  meta::SegmentBackupInfo segment;
  segment.segment_id = 450;
  segment.size = 35;
  partition.segment_backups.push_back(segment);
  collection.partition_backups.push_back(partition);
  info.collection_backups.push_back(collection);
  info.database_backups.push_back({"default", 0, {}, {}});
  return info;
}

TEST(BackupBriefTest, ShowsTheStateAndProgressTheMetaRecords) {
  auto info = sample_backup();  // as v0.4 (and we) write a finished backup
  info.state_code = meta::BackupTaskStateCode::kSuccess;
  info.progress = 100;
  auto brief = encode_backup_brief(info, 1);
  ASSERT_TRUE(brief) << brief.error().to_string();
  EXPECT_TRUE(brief->starts_with(R"({"state_code":2,"progress":100,"name":"nightly",)")) << *brief;
}

TEST(BackupBriefTest, HasTheGoToolsMembersInItsOrder) {
  auto brief = encode_backup_brief(sample_backup(), 1234);
  ASSERT_TRUE(brief) << brief.error().to_string();
  EXPECT_EQ(*brief,
            R"({"state_code":0,"progress":0,"name":"nightly","collection_backups":[{"id":"task-1",)"
            R"("collection_id":448,"db_name":"default","collection_name":"a\u003cb","schema":{"name":"a\u003cb"},)"
            R"("shards_num":2,"backup_timestamp":448000000000000123,"size":35,"has_index":false,)"
            R"("load_state":"NotLoad","channel_checkpoints":{"v1":"QUJD"}}],"size":35,"milvus_version":"v2.3.5",)"
            R"("database_backups":[{"db_name":"default"}],"meta_size":1234})");
}

TEST(BackupBriefTest, IndentsLikeGosMarshalIndent) {
  EXPECT_EQ(indent_go_json(R"({"a":[1,{"b":"x,:{"}],"c":{},"d":[],"e":"q\"}"})"),
            "{\n"
            "    \"a\": [\n"
            "        1,\n"
            "        {\n"
            "            \"b\": \"x,:{\"\n"
            "        }\n"
            "    ],\n"
            "    \"c\": {},\n"
            "    \"d\": [],\n"
            "    \"e\": \"q\\\"}\"\n"
            "}");
}

}  // namespace
}  // namespace mb::backup
