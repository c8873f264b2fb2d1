#include "milvus/grpc_milvus_client.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fake_milvus_service.h"
#include "milvus/rpc_status.h"

namespace mb::milvus {
namespace {

using testing::FakeMilvusServer;

constexpr const char* kAddress = "fake-milvus:19530";

common_pb::Status milvus_status(common_pb::ErrorCode error_code, int32_t code, std::string reason) {
  common_pb::Status status;
  status.set_error_code(error_code);
  status.set_code(code);
  status.set_reason(std::move(reason));
  return status;
}

std::string header(const testing::FakeMilvusService::Seen& call, const std::string& key) {
  auto it = call.metadata.find(key);
  return it == call.metadata.end() ? "<absent>" : it->second;
}

class GrpcMilvusClientTest : public ::testing::Test {
 protected:
  GrpcMilvusClientTest() {
    milvus_pb::ConnectResponse hello;
    hello.mutable_server_info()->set_build_tags("v2.3.5-lite");
    hello.set_identifier(470737048407375874);
    fake().answer("Connect", hello);
    options_.retry = {.max_attempts = 3,
                      .initial_backoff = std::chrono::milliseconds(1),
                      .max_backoff = std::chrono::milliseconds(2)};
    config_.user = "root";
    config_.password = "Milvus";
  }

  testing::FakeMilvusService& fake() { return server_.service(); }

  std::unique_ptr<GrpcMilvusClient> connect() {
    auto client = GrpcMilvusClient::connect(server_.channel(), kAddress, config_, options_);
    EXPECT_TRUE(client.has_value()) << client.error().to_string();
    return client ? std::move(*client) : nullptr;
  }

  FakeMilvusServer server_;
  config::MilvusConfig config_;
  GrpcClientOptions options_;
};

TEST_F(GrpcMilvusClientTest, ConnectIntroducesTheToolAndReadsTheVersionFromBuildTags) {
  auto client = connect();
  ASSERT_TRUE(client);
  const auto hello = fake().last_request<milvus_pb::ConnectRequest>("Connect");
  EXPECT_EQ(hello.client_info().sdk_type(), "BackupToolCustomSDK");
  EXPECT_EQ(hello.client_info().sdk_version(), MB_VERSION);
  EXPECT_EQ(hello.client_info().user(), "root");
  EXPECT_FALSE(hello.client_info().host().empty());

  EXPECT_EQ(client->server().version_text, "v2.3.5-lite");
  EXPECT_EQ(client->server().version, (ServerVersion{2, 3, 5}));
  EXPECT_TRUE(client->server().multi_database);
  EXPECT_TRUE(fake().seen("GetVersion").empty()) << "build tags that read as a version need no GetVersion";
}

TEST_F(GrpcMilvusClientTest, EveryCallCarriesAuthorizationAndIdentifierAndDbScopedOnesTheDatabase) {
  auto client = connect();
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->describe_collection("db1", "c1").has_value());
  ASSERT_TRUE(client->list_databases().has_value());

  const auto connect_call = fake().seen("Connect").front();
  EXPECT_EQ(header(connect_call, "authorization"), "cm9vdDpNaWx2dXM=");
  EXPECT_EQ(header(connect_call, "identifier"), "<absent>") << "no identifier before Connect answered";

  const auto describe = fake().seen("DescribeCollection").back();
  EXPECT_EQ(header(describe, "authorization"), "cm9vdDpNaWx2dXM=");
  EXPECT_EQ(header(describe, "identifier"), "470737048407375874");
  EXPECT_EQ(header(describe, "dbname"), "db1");
  EXPECT_EQ(fake().last_request<milvus_pb::DescribeCollectionRequest>("DescribeCollection").collection_name(), "c1");

  EXPECT_EQ(header(fake().seen("ListDatabases").back(), "dbname"), "<absent>");
}

TEST_F(GrpcMilvusClientTest, NoAuthorizationWithoutCredentialsAndNoDbnameForTheDefault) {
  config_.user.clear();
  config_.password.clear();
  auto client = connect();
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->has_collection("", "c1").has_value());
  const auto call = fake().seen("HasCollection").back();
  EXPECT_EQ(header(call, "authorization"), "<absent>");
  EXPECT_EQ(header(call, "dbname"), "<absent>");
}

TEST_F(GrpcMilvusClientTest, OldServersWithoutConnectOrDatabasesAreTolerated) {
  fake().fail("Connect", grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "unknown method Connect"));
  fake().fail("ListDatabases", grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "unknown method ListDatabases"));
  milvus_pb::GetVersionResponse version;
  version.set_version("v2.2.0");
  fake().answer("GetVersion", version);

  auto client = connect();
  ASSERT_TRUE(client);
  EXPECT_FALSE(client->server().multi_database);
  EXPECT_EQ(client->server().version_text, "v2.2.0");
  EXPECT_EQ(client->server().version, (ServerVersion{2, 2, 0}));
  EXPECT_EQ(client->list_databases().value(), std::vector<std::string>{"default"});
  EXPECT_EQ(fake().seen("ListDatabases").size(), 1u) << "the probe only; the answer is known";

  ASSERT_TRUE(client->show_collections("default").has_value());
  EXPECT_EQ(header(fake().seen("ShowCollections").back(), "identifier"), "<absent>");
  EXPECT_FALSE(client->create_database("db1").has_value());
}

TEST_F(GrpcMilvusClientTest, ADescriptionInBuildTagsFallsBackToGetVersion) {
  milvus_pb::ConnectResponse hello;
  hello.mutable_server_info()->set_build_tags("Zilliz Cloud Vector Database(Compatible with Milvus 2.6)");
  fake().answer("Connect", hello);
  milvus_pb::GetVersionResponse version;
  version.set_version("unknown-20260608-7ea6e3526");
  fake().answer("GetVersion", version);

  auto client = connect();
  ASSERT_TRUE(client);
  EXPECT_EQ(client->server().version_text, "unknown-20260608-7ea6e3526");
  EXPECT_EQ(client->server().version.to_string(), "2.6.9999");
  EXPECT_TRUE(client->server().supports(Feature::kFlushAll));
}

TEST_F(GrpcMilvusClientTest, AFailedConnectFailsTheConnection) {
  fake().reject("Connect", milvus_status(common_pb::UnexpectedError, 5, "proxy not healthy"));
  auto client = GrpcMilvusClient::connect(server_.channel(), kAddress, config_, options_);
  ASSERT_FALSE(client.has_value());
  EXPECT_EQ(client.error().code, ErrorCode::kMilvus);
  EXPECT_EQ(client.error().message, "proxy not healthy");
  EXPECT_EQ(client.error().get("rpc"), "Connect");
}

TEST_F(GrpcMilvusClientTest, RetriesUnavailableAndResourceExhaustedThenSucceeds) {
  auto client = connect();
  ASSERT_TRUE(client);
  fake().fail("ShowCollections", grpc::Status(grpc::StatusCode::UNAVAILABLE, "connection reset"), 1);
  fake().fail("ShowCollections", grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "too many"), 1);
  milvus_pb::ShowCollectionsResponse listing;
  listing.add_collection_names("c1");
  listing.add_collection_ids(7);
  listing.add_created_timestamps(42);
  fake().answer("ShowCollections", listing);

  auto collections = client->show_collections("db1");
  ASSERT_TRUE(collections.has_value()) << collections.error().to_string();
  ASSERT_EQ(collections->size(), 1u);
  EXPECT_EQ((*collections)[0].name, "c1");
  EXPECT_EQ((*collections)[0].id, 7);
  EXPECT_EQ((*collections)[0].created_timestamp, 42u);
  EXPECT_EQ(fake().seen("ShowCollections").size(), 3u);
}

TEST_F(GrpcMilvusClientTest, GivesUpAfterTheLastAttempt) {
  auto client = connect();
  ASSERT_TRUE(client);
  fake().fail("HasCollection", grpc::Status(grpc::StatusCode::UNAVAILABLE, "connection refused"));
  auto exists = client->has_collection("db1", "c1");
  ASSERT_FALSE(exists.has_value());
  EXPECT_EQ(exists.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(exists.error().message.find(kAddress), std::string::npos) << exists.error().message;
  EXPECT_EQ(exists.error().get("collection"), "c1");
  EXPECT_EQ(fake().seen("HasCollection").size(), 3u);
}

TEST_F(GrpcMilvusClientTest, RetriesMilvusRateLimits) {
  auto client = connect();
  ASSERT_TRUE(client);
  fake().reject("CreateCollection", milvus_status(common_pb::RateLimit, 8, "rate limit exceeded[rate=0.1]"));
  CreateCollectionSpec spec{.db = "db1"};
  spec.schema.set_name("c1");
  EXPECT_TRUE(client->create_collection(spec).has_value());
  EXPECT_EQ(fake().seen("CreateCollection").size(), 2u);
}

TEST_F(GrpcMilvusClientTest, OtherMilvusErrorsAreNotRetriedAndCarryTheirContext) {
  auto client = connect();
  ASSERT_TRUE(client);
  fake().reject("DescribeCollection", milvus_status(common_pb::CollectionNotExists, 100,
                                                    "collection not found[database=db1][collection=nope]"));
  auto described = client->describe_collection("db1", "nope");
  ASSERT_FALSE(described.has_value());
  const Error& error = described.error();
  EXPECT_EQ(error.code, ErrorCode::kMilvus);
  EXPECT_EQ(error.message, "collection not found[database=db1][collection=nope]");
  EXPECT_EQ(error.get("rpc"), "DescribeCollection");
  EXPECT_EQ(error.get("db"), "db1");
  EXPECT_EQ(error.get("collection"), "nope");
  EXPECT_EQ(error.get(kMilvusCodeKey), "100");
  EXPECT_EQ(fake().seen("DescribeCollection").size(), 1u);
}

TEST_F(GrpcMilvusClientTest, ALegacyErrorCodeAloneIsAFailure) {
  auto client = connect();
  ASSERT_TRUE(client);
  fake().reject("DropCollection", milvus_status(common_pb::UnexpectedError, 0, "old-style failure"));
  auto dropped = client->drop_collection("db1", "c1");
  ASSERT_FALSE(dropped.has_value());
  EXPECT_EQ(dropped.error().get(kErrorCodeKey), "UnexpectedError");
}

TEST_F(GrpcMilvusClientTest, CallsRunUnderADeadline) {
  options_.rpc_timeout = std::chrono::milliseconds(100);
  auto client = connect();
  ASSERT_TRUE(client);
  fake().delay("GetFlushState", std::chrono::milliseconds(500));
  auto state = client->get_flush_state("db1", "c1", {1, 2}, 99);
  ASSERT_FALSE(state.has_value());
  EXPECT_EQ(state.error().code, ErrorCode::kTimeout);
  EXPECT_EQ(fake().seen("GetFlushState").size(), 1u) << "a deadline is not retried";
}

TEST_F(GrpcMilvusClientTest, DescribeCollectionReturnsEverythingBackupNeeds) {
  milvus_pb::DescribeCollectionResponse answer;
  answer.set_collection_name("c1");
  answer.set_db_name("db1");
  answer.set_collectionid(4711);
  answer.mutable_schema()->set_name("c1");
  answer.mutable_schema()->set_enable_dynamic_field(true);
  auto* field = answer.mutable_schema()->add_fields();
  field->set_name("id");
  field->set_data_type(schema_pb::Int64);
  field->set_is_primary_key(true);
  answer.add_virtual_channel_names("by-dev-rootcoord-dml_0_4711v0");
  answer.add_physical_channel_names("by-dev-rootcoord-dml_0");
  answer.set_shards_num(2);
  answer.set_consistency_level(common_pb::Bounded);
  auto* property = answer.add_properties();
  property->set_key("collection.ttl.seconds");
  property->set_value("3600");
  answer.set_created_timestamp(470737071030140941);
  answer.add_aliases("alias1");
  answer.set_num_partitions(16);
  fake().answer("DescribeCollection", answer);

  auto client = connect();
  ASSERT_TRUE(client);
  auto described = client->describe_collection("db1", "c1");
  ASSERT_TRUE(described.has_value());
  EXPECT_EQ(described->db_name, "db1");
  EXPECT_EQ(described->name, "c1");
  EXPECT_EQ(described->id, 4711);
  EXPECT_TRUE(described->schema.enable_dynamic_field());
  ASSERT_EQ(described->schema.fields_size(), 1);
  EXPECT_TRUE(described->schema.fields(0).is_primary_key());
  EXPECT_EQ(described->virtual_channels, std::vector<std::string>{"by-dev-rootcoord-dml_0_4711v0"});
  EXPECT_EQ(described->physical_channels, std::vector<std::string>{"by-dev-rootcoord-dml_0"});
  EXPECT_EQ(described->shards_num, 2);
  EXPECT_EQ(described->consistency_level, common_pb::Bounded);
  EXPECT_EQ(described->properties, (KeyValues{{"collection.ttl.seconds", "3600"}}));
  EXPECT_EQ(described->created_timestamp, 470737071030140941u);
  EXPECT_EQ(described->aliases, std::vector<std::string>{"alias1"});
  EXPECT_EQ(described->num_partitions, 16);
}

TEST_F(GrpcMilvusClientTest, ShowPartitionsPairsNamesWithIdsAndRejectsAMismatch) {
  auto client = connect();
  ASSERT_TRUE(client);
  milvus_pb::ShowPartitionsResponse answer;
  answer.add_partition_names("_default");
  answer.add_partition_names("p1");
  answer.add_partitionids(11);
  answer.add_partitionids(12);
  fake().answer("ShowPartitions", answer);
  auto partitions = client->show_partitions("db1", "c1");
  ASSERT_TRUE(partitions.has_value());
  ASSERT_EQ(partitions->size(), 2u);
  EXPECT_EQ((*partitions)[1].name, "p1");
  EXPECT_EQ((*partitions)[1].id, 12);

  answer.add_partition_names("p2");
  fake().answer("ShowPartitions", answer);
  partitions = client->show_partitions("db1", "c1");
  ASSERT_FALSE(partitions.has_value());
  EXPECT_EQ(partitions.error().code, ErrorCode::kMilvus);
  EXPECT_EQ(partitions.error().get("collection"), "c1");
}

TEST_F(GrpcMilvusClientTest, ACollectionWithoutIndexHasNoIndexes) {
  auto client = connect();
  ASSERT_TRUE(client);
  fake().reject("DescribeIndex", milvus_status(common_pb::IndexNotExist, 700, "index not found[collection=c1]"));
  auto indexes = client->describe_index("db1", "c1");
  ASSERT_TRUE(indexes.has_value()) << indexes.error().to_string();
  EXPECT_TRUE(indexes->empty());

  milvus_pb::DescribeIndexResponse answer;
  auto* index = answer.add_index_descriptions();
  index->set_index_name("v_idx");
  index->set_indexid(99);
  index->set_field_name("v");
  auto* param = index->add_params();
  param->set_key("index_type");
  param->set_value("HNSW");
  fake().answer("DescribeIndex", answer);
  indexes = client->describe_index("db1", "c1");
  ASSERT_TRUE(indexes.has_value());
  ASSERT_EQ(indexes->size(), 1u);
  EXPECT_EQ((*indexes)[0].index_name, "v_idx");
  EXPECT_EQ((*indexes)[0].index_id, 99);
  EXPECT_EQ((*indexes)[0].index_type(), "HNSW");
}

TEST_F(GrpcMilvusClientTest, ANotLoadedCollectionHasLoadingProgressZero) {
  auto client = connect();
  ASSERT_TRUE(client);
  fake().reject("GetLoadingProgress", milvus_status(common_pb::UnexpectedError, 101, "collection not loaded"));
  EXPECT_EQ(client->get_loading_progress("db1", "c1").value(), 0);

  milvus_pb::GetLoadingProgressResponse loaded;
  loaded.set_progress(100);
  fake().answer("GetLoadingProgress", loaded);
  EXPECT_EQ(client->get_loading_progress("db1", "c1", {"p1"}).value(), 100);
  EXPECT_EQ(fake().last_request<milvus_pb::GetLoadingProgressRequest>("GetLoadingProgress").partition_names(0), "p1");
}

TEST_F(GrpcMilvusClientTest, FlushPicksTheCollectionsEntries) {
  milvus_pb::FlushResponse answer;
  (*answer.mutable_coll_segids())["c1"].add_data(501);
  (*answer.mutable_flush_coll_segids())["c1"].add_data(400);
  (*answer.mutable_coll_seal_times())["c1"] = 1795719417;
  (*answer.mutable_coll_flush_ts())["c1"] = 470737071030140941;
  auto& checkpoint = (*answer.mutable_channel_cps())["by-dev-rootcoord-dml_0_4711v0"];
  checkpoint.set_channel_name("by-dev-rootcoord-dml_0");
  checkpoint.set_timestamp(470737071030140000);
  fake().answer("Flush", answer);

  auto client = connect();
  ASSERT_TRUE(client);
  auto flushed = client->flush("db1", "c1");
  ASSERT_TRUE(flushed.has_value());
  EXPECT_EQ(flushed->sealed_segment_ids, std::vector<int64_t>{501});
  EXPECT_EQ(flushed->flushed_segment_ids, std::vector<int64_t>{400});
  EXPECT_EQ(flushed->seal_time, 1795719417);
  EXPECT_EQ(flushed->flush_ts, 470737071030140941u);
  ASSERT_EQ(flushed->channel_checkpoints.count("by-dev-rootcoord-dml_0_4711v0"), 1u);
  EXPECT_EQ(flushed->channel_checkpoints.at("by-dev-rootcoord-dml_0_4711v0").timestamp(), 470737071030140000u);
  EXPECT_EQ(header(fake().seen("Flush").back(), "dbname"), "db1");

  milvus_pb::GetFlushStateResponse state;
  state.set_flushed(true);
  fake().answer("GetFlushState", state);
  EXPECT_TRUE(client->get_flush_state("db1", "c1", flushed->sealed_segment_ids, flushed->flush_ts).value());
  const auto request = fake().last_request<milvus_pb::GetFlushStateRequest>("GetFlushState");
  EXPECT_EQ(request.segmentids(0), 501);
  EXPECT_EQ(request.flush_ts(), 470737071030140941u);
  EXPECT_EQ(request.collection_name(), "c1");
}

TEST_F(GrpcMilvusClientTest, SegmentInfoKeepsLevelAndStorageVersion) {
  milvus_pb::GetPersistentSegmentInfoResponse answer;
  auto* segment = answer.add_infos();
  segment->set_segmentid(501);
  segment->set_collectionid(4711);
  segment->set_partitionid(11);
  segment->set_num_rows(1000);
  segment->set_state(common_pb::Flushed);
  segment->set_level(common_pb::L0);
  segment->set_storage_version(2);
  fake().answer("GetPersistentSegmentInfo", answer);
  auto client = connect();
  ASSERT_TRUE(client);
  auto segments = client->get_persistent_segment_info("db1", "c1");
  ASSERT_TRUE(segments.has_value());
  ASSERT_EQ(segments->size(), 1u);
  EXPECT_EQ((*segments)[0].partition_id, 11);
  EXPECT_EQ((*segments)[0].num_rows, 1000);
  EXPECT_EQ((*segments)[0].state, common_pb::Flushed);
  EXPECT_EQ((*segments)[0].level, common_pb::L0);
  EXPECT_EQ((*segments)[0].storage_version, 2);
  EXPECT_EQ(fake().last_request<milvus_pb::GetPersistentSegmentInfoRequest>("GetPersistentSegmentInfo")
                .collectionname(),
            "c1");
}

TEST_F(GrpcMilvusClientTest, CreateCollectionSendsTheSerializedSchema) {
  auto client = connect();
  ASSERT_TRUE(client);
  CreateCollectionSpec spec{.db = "db2", .shards_num = 2, .consistency_level = common_pb::Strong,
                            .properties = {{"collection.ttl.seconds", "60"}}, .num_partitions = 8};
  spec.schema.set_name("c2");
  spec.schema.set_enable_dynamic_field(true);
  auto* field = spec.schema.add_fields();
  field->set_name("v");
  field->set_data_type(schema_pb::FloatVector);
  ASSERT_TRUE(client->create_collection(spec).has_value());

  const auto request = fake().last_request<milvus_pb::CreateCollectionRequest>("CreateCollection");
  EXPECT_EQ(request.collection_name(), "c2");
  schema_pb::CollectionSchema sent;
  ASSERT_TRUE(sent.ParseFromString(request.schema()));
  EXPECT_EQ(sent.SerializeAsString(), spec.schema.SerializeAsString());
  EXPECT_EQ(request.shards_num(), 2);
  EXPECT_EQ(request.consistency_level(), common_pb::Strong);
  ASSERT_EQ(request.properties_size(), 1);
  EXPECT_EQ(request.properties(0).key(), "collection.ttl.seconds");
  EXPECT_EQ(request.num_partitions(), 8);
  EXPECT_EQ(header(fake().seen("CreateCollection").back(), "dbname"), "db2");
}

TEST_F(GrpcMilvusClientTest, PartitionAndIndexCallsNameWhatTheyAreAbout) {
  auto client = connect();
  ASSERT_TRUE(client);
  fake().reject("CreatePartition", milvus_status(common_pb::UnexpectedError, 65535, "partition limit"));
  auto created = client->create_partition("db1", "c1", "p9");
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().get("partition"), "p9");

  ASSERT_TRUE(client->create_index({.db = "db1", .collection = "c1", .field_name = "v", .index_name = "v_idx",
                                    .params = {{"index_type", "HNSW"}, {"metric_type", "L2"}}})
                  .has_value());
  const auto index = fake().last_request<milvus_pb::CreateIndexRequest>("CreateIndex");
  EXPECT_EQ(index.field_name(), "v");
  EXPECT_EQ(index.index_name(), "v_idx");
  ASSERT_EQ(index.extra_params_size(), 2);
  EXPECT_EQ(index.extra_params(1).value(), "L2");

  ASSERT_TRUE(client->drop_index("db1", "c1", "v_idx").has_value());
  EXPECT_EQ(fake().last_request<milvus_pb::DropIndexRequest>("DropIndex").index_name(), "v_idx");
}

TEST_F(GrpcMilvusClientTest, ImportReturnsTheTaskAndItsStateReadsBack) {
  milvus_pb::ImportResponse started;
  started.add_tasks(4242);
  fake().answer("Import", started);
  auto client = connect();
  ASSERT_TRUE(client);
  auto task = client->import({.db = "db1", .collection = "c1", .partition = "p1",
                              .files = {"backup/binlogs/insert_log/1/2/3/", ""},
                              .options = {{"backup", "true"}, {"skip_disk_quota_check", "true"}}});
  ASSERT_TRUE(task.has_value()) << task.error().to_string();
  EXPECT_EQ(*task, 4242);
  const auto request = fake().last_request<milvus_pb::ImportRequest>("Import");
  EXPECT_EQ(request.partition_name(), "p1");
  ASSERT_EQ(request.files_size(), 2);
  EXPECT_EQ(request.files(1), "");
  EXPECT_EQ(request.options(0).key(), "backup");
  EXPECT_EQ(request.db_name(), "db1");
  EXPECT_EQ(header(fake().seen("Import").back(), "dbname"), "db1");

  milvus_pb::GetImportStateResponse state;
  state.set_state(common_pb::ImportFailed);
  auto* info = state.add_infos();
  info->set_key("failed_reason");
  info->set_value("no such file");
  fake().answer("GetImportState", state);
  auto read = client->get_import_state(4242);
  ASSERT_TRUE(read.has_value());
  EXPECT_TRUE(read->failed());
  EXPECT_EQ(read->failed_reason(), "no such file");
  EXPECT_EQ(fake().last_request<milvus_pb::GetImportStateRequest>("GetImportState").task(), 4242);
  EXPECT_EQ(header(fake().seen("GetImportState").back(), "dbname"), "<absent>");
}

TEST_F(GrpcMilvusClientTest, LoadStateLoadAndReleaseNameTheCollectionInItsDatabase) {
  milvus_pb::GetLoadStateResponse state;
  state.set_state(common_pb::LoadStateLoading);
  fake().answer("GetLoadState", state);
  auto client = connect();
  ASSERT_TRUE(client);
  auto read = client->get_load_state("db1", "c1");
  ASSERT_TRUE(read.has_value()) << read.error().to_string();
  EXPECT_EQ(*read, common_pb::LoadStateLoading);
  ASSERT_TRUE(client->load_collection("db1", "c1").has_value());
  ASSERT_TRUE(client->release_collection("db1", "c1").has_value());
  EXPECT_EQ(fake().last_request<milvus_pb::LoadCollectionRequest>("LoadCollection").collection_name(), "c1");
  EXPECT_EQ(fake().last_request<milvus_pb::ReleaseCollectionRequest>("ReleaseCollection").collection_name(), "c1");
  EXPECT_EQ(header(fake().seen("LoadCollection").back(), "dbname"), "db1");
}

TEST_F(GrpcMilvusClientTest, QueryIsStrongAndSendsItsLimit) {
  milvus_pb::QueryResults results;
  auto* column = results.add_fields_data();
  column->set_field_name("count(*)");
  column->mutable_scalars()->mutable_long_data()->add_data(396);
  fake().answer("Query", results);
  auto client = connect();
  ASSERT_TRUE(client);
  auto columns = client->query({.db = "db1", .collection = "c1", .expr = "", .output_fields = {"id"},
                                .partitions = {"p2"}, .limit = 50});
  ASSERT_TRUE(columns.has_value()) << columns.error().to_string();
  ASSERT_EQ(columns->size(), 1u);
  EXPECT_EQ(columns->front().scalars().long_data().data(0), 396);
  const auto request = fake().last_request<milvus_pb::QueryRequest>("Query");
  EXPECT_EQ(request.consistency_level(), common_pb::Strong);
  EXPECT_EQ(request.partition_names(0), "p2");
  ASSERT_EQ(request.query_params_size(), 1);
  EXPECT_EQ(request.query_params(0).key(), "limit");
  EXPECT_EQ(request.query_params(0).value(), "50");
}

TEST_F(GrpcMilvusClientTest, SearchSendsThePlaceholdersAndSplitsTheHitsPerQuery) {
  milvus_pb::SearchResults results;
  auto* data = results.mutable_results();
  for (const int64_t id : {7, 8, 9}) data->mutable_ids()->mutable_int_id()->add_data(id);
  for (const float score : {0.5f, 1.5f, 0.25f}) data->add_scores(score);
  data->add_topks(2);
  data->add_topks(1);
  fake().answer("Search", results);
  auto client = connect();
  ASSERT_TRUE(client);
  auto hits = client->search({.db = "db1", .collection = "c1", .vector_field = "v",
                              .vector_type = schema_pb::FloatVector, .vectors = {"aaaa", "bbbb"}, .top_k = 2,
                              .metric_type = "L2", .params = R"({"nprobe":8})"});
  ASSERT_TRUE(hits.has_value()) << hits.error().to_string();
  EXPECT_EQ(*hits, (SearchHits{{.ids = {"7", "8"}, .scores = {0.5f, 1.5f}}, {.ids = {"9"}, .scores = {0.25f}}}));
  const auto request = fake().last_request<milvus_pb::SearchRequest>("Search");
  EXPECT_EQ(request.nq(), 2);
  EXPECT_EQ(request.dsl_type(), common_pb::BoolExprV1);
  common_pb::PlaceholderGroup group;
  ASSERT_TRUE(group.ParseFromString(request.placeholder_group()));
  ASSERT_EQ(group.placeholders_size(), 1);
  EXPECT_EQ(group.placeholders(0).tag(), "$0");
  EXPECT_EQ(group.placeholders(0).type(), common_pb::FloatVector);
  EXPECT_EQ(group.placeholders(0).values(1), "bbbb");
  std::map<std::string, std::string> params;
  for (const auto& pair : request.search_params()) params[pair.key()] = pair.value();
  EXPECT_EQ(params["anns_field"], "v");
  EXPECT_EQ(params["topk"], "2");
  EXPECT_EQ(params["metric_type"], "L2");
  EXPECT_EQ(params["params"], R"({"nprobe":8})");

  data->add_topks(5);  // more hits announced than ids sent
  fake().answer("Search", results);
  EXPECT_FALSE(client->search({.collection = "c1", .vector_field = "v", .vectors = {"aaaa"}}).has_value());

  data->clear_topks();
  data->add_topks(3);
  data->add_scores(2.5f);  // a score more than ids
  fake().answer("Search", results);
  EXPECT_FALSE(client->search({.collection = "c1", .vector_field = "v", .vectors = {"aaaa"}}).has_value());
}

TEST_F(GrpcMilvusClientTest, AnImportWithoutTaskIdIsAnError) {
  auto client = connect();
  ASSERT_TRUE(client);
  auto task = client->import({.db = "db1", .collection = "c1"});
  ASSERT_FALSE(task.has_value());
  EXPECT_EQ(task.error().code, ErrorCode::kMilvus);
}

TEST_F(GrpcMilvusClientTest, DatabasesAreCreatedByNameAndDescribedWithTheirHeader) {
  auto client = connect();
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->create_database("db9").has_value());
  EXPECT_EQ(fake().last_request<milvus_pb::CreateDatabaseRequest>("CreateDatabase").db_name(), "db9");
  EXPECT_EQ(header(fake().seen("CreateDatabase").back(), "dbname"), "<absent>");

  milvus_pb::DescribeDatabaseResponse answer;
  answer.set_db_name("db9");
  answer.set_dbid(3);
  auto* property = answer.add_properties();
  property->set_key("database.replica.number");
  property->set_value("1");
  fake().answer("DescribeDatabase", answer);
  auto described = client->describe_database("db9");
  ASSERT_TRUE(described.has_value());
  EXPECT_EQ(described->id, 3);
  EXPECT_EQ(described->properties, (KeyValues{{"database.replica.number", "1"}}));
  EXPECT_EQ(header(fake().seen("DescribeDatabase").back(), "dbname"), "db9");
}

// A port nothing listens on: bound, then closed.
int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t length = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length);
  ::close(fd);
  return ntohs(addr.sin_port);
}

TEST(GrpcMilvusClientConnectTest, AnUnreachableServerIsUnavailableAndNamedInTheError) {
  config::MilvusConfig config;
  config.grpc_address = "127.0.0.1";
  config.grpc_port = closed_port();
  GrpcClientOptions options;
  options.retry = {.max_attempts = 2, .initial_backoff = std::chrono::milliseconds(1),
                   .max_backoff = std::chrono::milliseconds(2)};
  auto client = GrpcMilvusClient::connect(config, options);
  ASSERT_FALSE(client.has_value());
  EXPECT_EQ(client.error().code, ErrorCode::kUnavailable);
  const std::string address = "127.0.0.1:" + std::to_string(config.grpc_port);
  EXPECT_NE(client.error().message.find(address), std::string::npos) << client.error().to_string();
}

}  // namespace
}  // namespace mb::milvus
