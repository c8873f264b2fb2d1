#include "backup/collection_reader.h"

#include <gtest/gtest.h>

#include "fake_milvus_client.h"

namespace mb::backup {
namespace {

using testing::FakeCollection;
using testing::FakeMilvusClient;

FakeCollection described_collection() {
  FakeCollection c;
  auto& d = c.description;
  d.name = "books";
  d.id = 44;
  d.shards_num = 3;
  d.consistency_level = milvus::common_pb::Session;
  d.properties = {{"collection.ttl.seconds", "60"}};
  d.virtual_channels = {"dml_0_44v0"};
  d.physical_channels = {"dml_0"};
  d.created_timestamp = 448;
  d.aliases = {"novels"};
  d.db_id = 1;
  auto& schema = d.schema;
  schema.set_name("books");
  schema.set_description("library");
  schema.set_enable_dynamic_field(true);
  auto* pk = schema.add_fields();
  pk->set_fieldid(100);
  pk->set_name("id");
  pk->set_is_primary_key(true);
  pk->set_autoid(true);
  pk->set_data_type(milvus::schema_pb::Int64);
  auto* tags = schema.add_fields();
  tags->set_fieldid(101);
  tags->set_name("tags");
  tags->set_data_type(milvus::schema_pb::Array);
  tags->set_element_type(milvus::schema_pb::VarChar);
  auto* param = tags->add_type_params();
  param->set_key("max_capacity");
  param->set_value("8");
  auto* tenant = schema.add_fields();
  tenant->set_fieldid(102);
  tenant->set_name("tenant");
  tenant->set_data_type(milvus::schema_pb::VarChar);
  tenant->set_is_partition_key(true);
  tenant->set_nullable(true);
  tenant->mutable_default_value()->set_string_data("nobody");
  c.partitions = {{"_default", 45, 0}, {"p1", 46, 0}};
  c.indexes = {{.index_name = "vec_idx",
                .index_id = 9,
                .field_name = "vec",
                .params = {{"index_type", "HNSW"}, {"metric_type", "IP"}, {"params", R"({"M":8})"}}}};
  return c;
}

TEST(CollectionReaderTest, ReadsEverythingTheGoToolKeeps) {
  FakeMilvusClient client;
  client.add_collection("default", described_collection());
  auto read = read_collection(client, "default", "books", "task-7");
  ASSERT_TRUE(read) << read.error().to_string();

  EXPECT_EQ(read->id, "task-7");
  EXPECT_EQ(read->collection_id, 44);
  EXPECT_EQ(read->db_name, "default");
  EXPECT_EQ(read->collection_name, "books");
  EXPECT_EQ(read->shards_num, 3);
  EXPECT_EQ(read->consistency_level, meta::ConsistencyLevel::kSession);
  EXPECT_EQ(read->properties, (std::vector<meta::KeyValuePair>{{"collection.ttl.seconds", "60"}}));
  EXPECT_EQ(read->virtual_channel_names, (std::vector<std::string>{"dml_0_44v0"}));
  EXPECT_EQ(read->physical_channel_names, (std::vector<std::string>{"dml_0"}));
  EXPECT_EQ(read->created_timestamp, 448u);
  EXPECT_EQ(read->aliases, (std::vector<std::string>{"novels"}));
  EXPECT_EQ(read->db_id, 1);
  EXPECT_EQ(read->load_state, "NotLoad");

  ASSERT_TRUE(read->schema);
  const auto& schema = *read->schema;
  EXPECT_EQ(schema.name, "books");
  EXPECT_EQ(schema.description, "library");
  EXPECT_TRUE(schema.enable_dynamic_field);
  ASSERT_EQ(schema.fields.size(), 3u);
  EXPECT_TRUE(schema.fields[0].is_primary_key);
  EXPECT_TRUE(schema.fields[0].auto_id);
  EXPECT_EQ(schema.fields[0].data_type, meta::DataType::kInt64);
  EXPECT_EQ(schema.fields[1].data_type, meta::DataType::kArray);
  EXPECT_EQ(schema.fields[1].element_type, meta::DataType::kVarChar);
  EXPECT_EQ(schema.fields[1].type_params, (std::vector<meta::KeyValuePair>{{"max_capacity", "8"}}));
  EXPECT_TRUE(schema.fields[1].default_value.empty());
  EXPECT_TRUE(schema.fields[2].is_partition_key);
  EXPECT_TRUE(schema.fields[2].nullable);
  milvus::schema_pb::ValueField default_value;
  ASSERT_TRUE(default_value.ParseFromString(schema.fields[2].default_value));
  EXPECT_EQ(default_value.string_data(), "nobody");

  ASSERT_EQ(read->partition_backups.size(), 2u);
  EXPECT_EQ(read->partition_backups[1].partition_id, 46);
  EXPECT_EQ(read->partition_backups[1].partition_name, "p1");
  EXPECT_EQ(read->partition_backups[1].collection_id, 44);
  EXPECT_EQ(read->partition_backups[1].load_state, "NotLoad");

  EXPECT_TRUE(read->has_index);
  ASSERT_EQ(read->index_infos.size(), 1u);
  const auto& index = read->index_infos[0];
  EXPECT_EQ(index.index_name, "vec_idx");
  EXPECT_EQ(index.index_id, 9);
  EXPECT_EQ(index.field_name, "vec");
  EXPECT_EQ(index.index_type, "HNSW");
  EXPECT_EQ(index.params, (std::map<std::string, std::string>{
                              {"index_type", "HNSW"}, {"metric_type", "IP"}, {"params", R"({"M":8})"}}));
}

TEST(CollectionReaderTest, PartitionsHaveTheirOwnStateWhileTheCollectionLoads) {
  FakeMilvusClient client;
  auto collection = described_collection();
  collection.loading_percent = 50;
  collection.partition_loading_percent = {{"_default", 100}, {"p1", 0}};
  client.add_collection("default", collection);
  auto read = read_collection(client, "default", "books", "task");
  ASSERT_TRUE(read) << read.error().to_string();
  EXPECT_EQ(read->load_state, "Loading");
  EXPECT_EQ(read->partition_backups[0].load_state, "Loaded");
  EXPECT_EQ(read->partition_backups[1].load_state, "NotLoad");
}

TEST(CollectionReaderTest, ErrorsNameTheCollection) {
  FakeMilvusClient client;
  client.add_collection("default", described_collection());
  client.fail_rpc("DescribeIndex", Error(ErrorCode::kMilvus, "boom"));
  auto read = read_collection(client, "default", "books", "task");
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().message, "describe index: boom");
  EXPECT_EQ(read.error().get("collection"), "books");
  EXPECT_EQ(read.error().get("db"), "default");
}

}  // namespace
}  // namespace mb::backup
