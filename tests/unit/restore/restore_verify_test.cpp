// Test data is built with designated initializers that leave most members of the meta model
// (which has no member initializers) at their defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "restore/restore_verify.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "fake_milvus_client.h"
#include "verify_columns.h"

namespace mb::restore {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::columns_of;
using testing::TestRow;

const std::vector<TestRow> kRows = {{.id = 1, .f = 0.5f, .v = {1, 0}}, {.id = 2, .f = 1.5f, .v = {0, 1}},
                                    {.id = 3, .f = 2.5f, .v = {1, 1}}};

CollectionTask task_with_rows(int64_t backed_up_rows) {
  meta::CollectionSchema schema{.name = "c"};
  schema.fields.push_back({.field_id = 100, .name = "id", .is_primary_key = true, .data_type = meta::DataType::kInt64});
  schema.fields.push_back({.field_id = 101, .name = "f", .data_type = meta::DataType::kFloat});
  schema.fields.push_back({.field_id = 102, .name = "v", .data_type = meta::DataType::kFloatVector});
  CollectionTask task{.target_db = "default", .target_collection = "c_r"};
  task.source.db_name = "default";
  task.source.collection_name = "c";
  task.source.schema = schema;
  meta::PartitionBackupInfo partition{.partition_id = 1, .partition_name = "_default"};
  partition.segment_backups.push_back({.segment_id = 10, .num_of_rows = backed_up_rows});
  task.source.partition_backups.push_back(partition);
  return task;
}

class RestoreVerify : public ::testing::Test {
 protected:
  RestoreVerify() {
    client.collections = {"default.c", "default.c_r"};
    client.partitions = {{.name = "_default", .id = 1}};
    auto& source = client.tables["default.c"];
    source.columns = columns_of(kRows);
    source.counts = {{"_default", 3}};
    source.hits = {{.ids = {"1", "3", "2"}, .scores = {0.0f, 1.0f, 1.0f}}};
    source.indexes = {{.index_name = "v_idx", .field_name = "v",
                       .params = {{"index_type", "IVF_FLAT"}, {"metric_type", "L2"}, {"params", R"({"nlist":4})"}}}};
    source.state = milvus::common_pb::LoadStateLoaded;
    auto& restored = client.tables["default.c_r"];
    restored.columns = columns_of(kRows);
    restored.counts = {{"_default", 3}};
    restored.hits = {{.ids = {"1", "3", "2"}, .scores = {0.0f, 1.0f, 1.0f}}};
  }

  Result<VerifyReport> verify(const CollectionTask& task, const CancellationToken* cancel = nullptr) {
    std::string why_not;
    auto source = find_verify_source(target(), {}, task, why_not);
    if (!source) return fail(std::move(source).error());
    return verify_restored_collection(target(), task, *source, why_not, settings, cancel);
  }
  MilvusServer target() { return {.client = &client, .address = "target:19530"}; }

  testing::FakeMilvusClient client;
  VerifySettings settings{.load = {.poll_interval = std::chrono::milliseconds(1)}, .search_queries = 1};
};

TEST_F(RestoreVerify, EqualCollectionsPassAndAreLeftAsFound) {
  auto report = verify(task_with_rows(3));
  ASSERT_TRUE(report) << report.error().to_string();
  EXPECT_TRUE(report->passed()) << report->to_string();
  EXPECT_EQ(report->rows_compared, 3);
  EXPECT_EQ(report->searches_compared, 1);
  EXPECT_EQ(report->source, "default.c at the target Milvus");
  EXPECT_THAT(report->to_string(), HasSubstr("3 sampled rows equal: ok"));
  EXPECT_THAT(report->to_string(), HasSubstr("verify default.c_r: PASS"));
  // The unindexed target got a FLAT index to load, was searched exhaustively, then put back.
  EXPECT_THAT(client.calls, Contains("create_index v"));
  EXPECT_THAT(client.calls, Contains("load default.c_r"));
  EXPECT_THAT(client.calls, Contains("release default.c_r"));
  EXPECT_THAT(client.calls, Contains("drop_index milvus_backup_verify_v"));
  EXPECT_THAT(client.calls, Contains(R"(search default.c {"nprobe":4})"));
  EXPECT_TRUE(client.tables["default.c_r"].indexes.empty());
  // The source was loaded already and stays loaded.
  EXPECT_THAT(client.calls, Not(Contains("release default.c")));
  EXPECT_EQ(client.tables["default.c"].state, milvus::common_pb::LoadStateLoaded);
}

TEST_F(RestoreVerify, DifferentValueFailsNamingKeyAndField) {
  auto rows = kRows;
  rows[1].f = 1.25f;
  client.tables["default.c_r"].columns = columns_of(rows);
  auto report = verify(task_with_rows(3));
  ASSERT_TRUE(report) << report.error().to_string();
  EXPECT_FALSE(report->passed());
  ASSERT_TRUE(report->row_mismatch);
  EXPECT_EQ(*report->row_mismatch, "primary key 2 field f: source 1.5 restored 1.25");
  EXPECT_THAT(report->to_string(), HasSubstr("MISMATCH at primary key 2 field f"));
  EXPECT_THAT(report->to_string(), HasSubstr("verify default.c_r: FAIL"));
}

TEST_F(RestoreVerify, DifferentSearchHitsFail) {
  client.tables["default.c"].hits = {{.ids = {"1", "3", "2"}, .scores = {0.0f, 1.0f, 2.0f}}};
  client.tables["default.c_r"].hits = {{.ids = {"1", "3", "9"}, .scores = {0.0f, 1.0f, 2.0f}}};
  auto report = verify(task_with_rows(3));
  ASSERT_TRUE(report) << report.error().to_string();
  EXPECT_FALSE(report->passed());
  ASSERT_TRUE(report->search_mismatch);
  EXPECT_THAT(*report->search_mismatch, HasSubstr("vector of primary key 1: 2 of 3 hits agree, 3 needed; "
                                                  "source [1 0, 3 1, 2 2] restored [1 0, 3 1, 9 2]"));
}

TEST_F(RestoreVerify, TiedHitsInAnotherOrderPass) {
  client.tables["default.c_r"].hits = {{.ids = {"1", "2", "3"}, .scores = {0.0f, 1.0f, 1.0f}}};
  auto report = verify(task_with_rows(3));
  ASSERT_TRUE(report) << report.error().to_string();
  EXPECT_TRUE(report->passed()) << report->to_string();
  EXPECT_EQ(report->searches_compared, 1);
}

TEST_F(RestoreVerify, ADifferentScoreFails) {
  client.tables["default.c_r"].hits = {{.ids = {"1", "3", "2"}, .scores = {0.0f, 1.0f, 1.5f}}};
  auto report = verify(task_with_rows(3));
  ASSERT_TRUE(report) << report.error().to_string();
  EXPECT_FALSE(report->passed());
  ASSERT_TRUE(report->search_mismatch);
  EXPECT_THAT(*report->search_mismatch, HasSubstr("2 of 3 hits agree"));
}

TEST_F(RestoreVerify, ApproximateIndexToleratesAFewDifferentHits) {
  auto& source = client.tables["default.c"];
  source.indexes.front().params = {{"index_type", "HNSW"}, {"metric_type", "L2"}};
  source.hits = {{.ids = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}, .scores = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}}};
  client.tables["default.c_r"].hits = {{.ids = {"1", "2", "3", "4", "5", "6", "7", "8", "11", "12"},
                                        .scores = {1, 2, 3, 4, 5, 6, 7, 8, 9.5, 10.5}}};
  auto report = verify(task_with_rows(3));
  ASSERT_TRUE(report) << report.error().to_string();
  EXPECT_TRUE(report->passed()) << report->to_string();
  client.tables["default.c_r"].hits = {{.ids = {"1", "2", "3", "4", "5", "6", "7", "13", "11", "12"},
                                        .scores = {1, 2, 3, 4, 5, 6, 7, 8.5, 9.5, 10.5}}};
  auto worse = verify(task_with_rows(3));
  ASSERT_TRUE(worse) << worse.error().to_string();
  EXPECT_FALSE(worse->passed());
}

TEST_F(RestoreVerify, RowCountBelowTheBackupFailsWithoutDeletes) {
  client.tables["default.c_r"].counts = {{"_default", 2}};
  auto report = verify(task_with_rows(3));
  ASSERT_TRUE(report) << report.error().to_string();
  EXPECT_FALSE(report->passed());
  EXPECT_THAT(report->to_string(), HasSubstr("partition _default: backup 3 rows, restored 2 rows: MISMATCH"));
}

TEST_F(RestoreVerify, PartitionKeyCollectionIsCountedAsAWhole) {
  auto task = task_with_rows(2);
  task.source.schema->fields[1].is_partition_key = true;
  meta::PartitionBackupInfo second{.partition_id = 2, .partition_name = "_default_1"};
  second.segment_backups.push_back({.segment_id = 11, .num_of_rows = 1});
  task.source.partition_backups.push_back(second);
  client.tables["default.c_r"].counts = {{"_default", 2}, {"_default_1", 1}};
  auto report = verify(task);
  ASSERT_TRUE(report) << report.error().to_string();
  ASSERT_EQ(report->partitions.size(), 1u);
  EXPECT_EQ(report->partitions[0].partition, "(all: partition key)");
  EXPECT_EQ(report->partitions[0].backup_rows, 3);
  EXPECT_EQ(report->partitions[0].restored_rows, 3);
  EXPECT_TRUE(report->passed()) << report->to_string();
}

TEST_F(RestoreVerify, WithoutTheSourceOnlyCountsAreChecked) {
  client.collections.erase("default.c");
  auto report = verify(task_with_rows(3));
  ASSERT_TRUE(report) << report.error().to_string();
  EXPECT_TRUE(report->passed());
  EXPECT_EQ(report->rows_compared, 0);
  EXPECT_THAT(report->rows_skipped, HasSubstr("--verify_source"));
  EXPECT_THAT(report->to_string(), HasSubstr("not compared with the source"));
}

TEST_F(RestoreVerify, UnindexedSourceIsNeitherChangedNorLoaded) {
  auto& source = client.tables["default.c"];
  source.indexes.clear();
  source.state = milvus::common_pb::LoadStateNotLoad;
  auto report = verify(task_with_rows(3));
  ASSERT_TRUE(report) << report.error().to_string();
  EXPECT_TRUE(report->passed());
  EXPECT_THAT(report->rows_skipped, HasSubstr("no index"));
  EXPECT_THAT(client.calls, Not(Contains("load default.c")));
  EXPECT_TRUE(client.tables["default.c"].indexes.empty());
}

TEST_F(RestoreVerify, ExplicitSourceMustHoldTheCollection) {
  testing::FakeMilvusClient other;
  const MilvusServer explicit_source{.client = &other, .address = "other:19530"};
  std::string why_not;
  auto missing = find_verify_source(target(), explicit_source, task_with_rows(3), why_not);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(missing.error().to_string(), HasSubstr("default.c"));
  other.collections.insert("default.c");
  auto found = find_verify_source(target(), explicit_source, task_with_rows(3), why_not);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->server.client, &other);
  EXPECT_EQ((*found)->server.address, "other:19530");
  EXPECT_EQ((*found)->where, "other:19530");
}

// A Milvus that cannot be reached: every call fails as gRPC's UNAVAILABLE does.
class UnreachableClient : public testing::FakeMilvusClient {
 public:
  Result<std::string> get_version() override {
    return fail(Error(ErrorCode::kUnavailable, "failed to connect to all addresses").with("address", "gone:19530"));
  }
};

TEST_F(RestoreVerify, VerifySourceIsCheckedUpFront) {
  UnreachableClient unreachable;
  const std::vector<CollectionTask> tasks = {task_with_rows(3)};
  auto refused = check_verify_source({.client = &unreachable, .address = "gone:19530"}, tasks);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
  EXPECT_THAT(refused.error().to_string(), HasSubstr("the --verify_source Milvus at gone:19530 does not answer"));

  testing::FakeMilvusClient other;
  auto missing = check_verify_source({.client = &other, .address = "other:19530"}, tasks);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(missing.error().to_string(), HasSubstr("no collection default.c"));
  EXPECT_THAT(missing.error().to_string(), HasSubstr("other:19530"));

  other.collections.insert("default.c");
  EXPECT_TRUE(check_verify_source({.client = &other, .address = "other:19530"}, tasks));
}

TEST_F(RestoreVerify, SourceNotLoadedBeforeIsReleasedAgain) {
  client.tables["default.c"].state = milvus::common_pb::LoadStateNotLoad;
  auto report = verify(task_with_rows(3));
  ASSERT_TRUE(report) << report.error().to_string();
  EXPECT_TRUE(report->passed()) << report->to_string();
  EXPECT_THAT(client.calls, Contains("load default.c"));
  EXPECT_THAT(client.calls, Contains("release default.c"));
  EXPECT_EQ(client.tables["default.c"].state, milvus::common_pb::LoadStateNotLoad);
}

// Loads that never finish; cancels `token` on the `cancel_at`th load state it is asked for.
class SlowLoadingClient : public testing::FakeMilvusClient {
 public:
  SlowLoadingClient(CancellationToken& token, int cancel_at) : token_(token), cancel_at_(cancel_at) {}
  Status load_collection(const std::string& db, const std::string& c) override {
    MB_CHECK(FakeMilvusClient::load_collection(db, c));
    tables[db + "." + c].state = milvus::common_pb::LoadStateLoading;
    return {};
  }
  Result<milvus::common_pb::LoadState> get_load_state(const std::string& db, const std::string& c) override {
    if (++asked_ == cancel_at_) token_.cancel();
    return FakeMilvusClient::get_load_state(db, c);
  }

 private:
  CancellationToken& token_;
  int cancel_at_;
  int asked_ = 0;
};

TEST(RestoreVerifyCancel, CancellingWhileTheCollectionLoadsStopsAndReleasesIt) {
  CancellationToken cancel;
  SlowLoadingClient slow(cancel, 3);
  slow.collections = {"default.c_r"};
  slow.partitions = {{.name = "_default", .id = 1}};
  slow.tables["default.c_r"].counts = {{"_default", 3}};
  // An hour's timeout: only the cancellation can end the wait.
  const VerifySettings settings{.load = {.poll_interval = std::chrono::milliseconds(1),
                                         .timeout = std::chrono::hours(1)}};
  const auto started = std::chrono::steady_clock::now();
  auto report = verify_restored_collection({.client = &slow, .address = "target:19530"}, task_with_rows(3),
                                           std::nullopt, "no source", settings, &cancel);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kCancelled);
  EXPECT_THAT(report.error().to_string(), HasSubstr("default.c_r"));
  // What verify did to load is undone: released, and its FLAT index dropped.
  EXPECT_THAT(slow.calls, Contains("load default.c_r"));
  EXPECT_THAT(slow.calls, Contains("release default.c_r"));
  EXPECT_THAT(slow.calls, Contains("drop_index milvus_backup_verify_v"));
  EXPECT_TRUE(slow.tables["default.c_r"].indexes.empty());
}

TEST_F(RestoreVerify, RestoredUnderItsOwnNameHasNoSourceOnTheTarget) {
  auto task = task_with_rows(3);
  task.target_collection = "c";
  std::string why_not;
  auto source = find_verify_source(target(), {}, task, why_not);
  ASSERT_TRUE(source);
  EXPECT_FALSE(*source);
  EXPECT_THAT(why_not, HasSubstr("--verify_source"));
}

}  // namespace
}  // namespace mb::restore
