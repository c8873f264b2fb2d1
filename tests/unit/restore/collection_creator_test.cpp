// Test data is built with designated initializers that leave most members of the meta model
// (which has no member initializers) at their defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "restore/collection_creator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_milvus_client.h"
#include "restore/schema_to_proto.h"

namespace mb::restore {
namespace {

using ::testing::ElementsAre;

CollectionTask task_with_schema() {
  CollectionTask task;
  task.target_db = "default";
  task.target_collection = "c1_r";
  meta::CollectionSchema schema{.name = "c1", .enable_dynamic_field = true};
  schema.fields.push_back(meta::FieldSchema{.field_id = 100, .name = "id", .is_primary_key = true,
                                            .data_type = meta::DataType::kInt64});
  schema.fields.push_back(meta::FieldSchema{.field_id = 101, .name = "vec", .data_type = meta::DataType::kFloatVector,
                                            .type_params = {{"dim", "4"}}});
  schema.fields.push_back(meta::FieldSchema{.field_id = 102, .name = "tag", .data_type = meta::DataType::kVarChar});
  schema.fields.push_back(meta::FieldSchema{.field_id = 103, .name = "$meta", .data_type = meta::DataType::kJson,
                                            .is_dynamic = true});
  task.source.schema = schema;
  task.source.shards_num = 2;
  task.source.consistency_level = meta::ConsistencyLevel::kBounded;
  task.source.index_infos = {
      meta::IndexInfo{.field_name = "tag", .index_name = "tag.idx", .params = {{"index_type", "marisa-trie"}}},
      meta::IndexInfo{.field_name = "vec", .index_name = "vec_idx",
                      .params = {{"index_type", "IVF_FLAT"}, {"metric_type", "L2"}, {"params", "{\"nlist\":8}"}}}};
  task.partitions = {"_default", "p2"};
  return task;
}

TEST(CollectionCreator, CreatesWithoutDynamicFieldThenIndexesThenPartitions) {
  testing::FakeMilvusClient client;
  auto task = task_with_schema();
  ASSERT_TRUE(create_collection_ddl(client, task, {.backup_name = "bk", .rebuild_index = true}));
  EXPECT_THAT(client.calls, ElementsAre("create_collection default.c1_r", "create_index vec", "create_index tag",
                                        "create_partition p2"));
  const auto& spec = client.created.at(0);
  ASSERT_EQ(spec.schema.fields_size(), 3);  // $meta left to Milvus
  EXPECT_TRUE(spec.schema.enable_dynamic_field());
  EXPECT_EQ(spec.shards_num, 2);
  EXPECT_EQ(spec.consistency_level, milvus::common_pb::Bounded);
  EXPECT_EQ(spec.num_partitions, 0);
}

TEST(CollectionCreator, IndexSpecsRenameTrieBlankBadNamesAndUseAutoIndex) {
  auto specs = index_specs(task_with_schema(), true);
  ASSERT_EQ(specs.size(), 2u);
  EXPECT_EQ(specs[0].field_name, "vec");
  EXPECT_THAT(specs[0].params, ElementsAre(std::pair<std::string, std::string>("index_type", "AUTOINDEX"),
                                           std::pair<std::string, std::string>("metric_type", "L2")));
  EXPECT_EQ(specs[1].index_name, "");  // "tag.idx" is not a name Milvus accepts
  EXPECT_THAT(specs[1].params, ElementsAre(std::pair<std::string, std::string>("index_type", "Trie")));
}

TEST(CollectionCreator, PartitionKeyCollectionAsksForItsPartitionCount) {
  testing::FakeMilvusClient client;
  auto task = task_with_schema();
  task.source.schema->fields[2].is_partition_key = true;
  task.source.partition_backups.resize(16);
  ASSERT_TRUE(create_collection_ddl(client, task, {.backup_name = "bk"}));
  EXPECT_EQ(client.created.at(0).num_partitions, 16);
}

TEST(CollectionCreator, ExistingTargetNeedsDropFlag) {
  testing::FakeMilvusClient client;
  client.collections.insert("default.c1_r");
  auto task = task_with_schema();
  auto checked = check_target(client, task, {.backup_name = "bk"});
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(checked.error().get("target"), "default.c1_r");
  EXPECT_TRUE(check_target(client, task, {.backup_name = "bk", .drop_exist_collection = true}));
  ASSERT_TRUE(create_collection_ddl(client, task, {.backup_name = "bk", .drop_exist_collection = true}));
  EXPECT_EQ(client.calls.at(0), "drop_collection default.c1_r");
}

TEST(CollectionCreator, SkipCreateNeedsAnExistingTarget) {
  testing::FakeMilvusClient client;
  auto checked = check_target(client, task_with_schema(), {.backup_name = "bk", .skip_create_collection = true});
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().code, ErrorCode::kNotFound);
}

TEST(CollectionCreator, CreateFailureNamesTheTarget) {
  testing::FakeMilvusClient client;
  client.create_collection_error = "rate limit";
  auto created = create_collection_ddl(client, task_with_schema(), {.backup_name = "bk"});
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().get("target"), "default.c1_r");
  EXPECT_THAT(created.error().message, ::testing::HasSubstr("create collection"));
}

TEST(CollectionCreator, MissingDatabaseIsCreatedOnce) {
  testing::FakeMilvusClient client;
  ASSERT_TRUE(ensure_databases(client, {"default", "db2"}));
  EXPECT_THAT(client.calls, ElementsAre("create_database db2"));
}

TEST(SchemaToProto, DefaultValueIsDecoded) {
  meta::CollectionSchema schema{.name = "c"};
  milvus::schema_pb::ValueField value;
  value.set_long_data(42);
  schema.fields.push_back(meta::FieldSchema{.field_id = 100, .name = "n", .data_type = meta::DataType::kInt64,
                                            .default_value = value.SerializeAsString()});
  auto converted = to_milvus_schema(schema, "c2");
  ASSERT_TRUE(converted);
  EXPECT_EQ(converted->name(), "c2");
  EXPECT_EQ(converted->fields(0).default_value().long_data(), 42);

  schema.fields[0].default_value = "\xff\xff\xff";
  EXPECT_EQ(to_milvus_schema(schema, "c2").error().code, ErrorCode::kCorrupt);
}

}  // namespace
}  // namespace mb::restore
