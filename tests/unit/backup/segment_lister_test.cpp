#include "backup/segment_lister.h"

#include <gtest/gtest.h>

#include "binlog_fixture.h"
#include "fake_milvus_client.h"
#include "memory_store.h"

namespace mb::backup {
namespace {

using mb::testing::MemoryStore;
using testing::add_segment_files;
using testing::delta_key;
using testing::flushed_segment;
using testing::insert_key;

constexpr int64_t kCollection = 10;
const std::string kRoot = "files";

CollectionBinlogListing list(MemoryStore& store) {
  auto listed = list_collection_binlogs(store, kRoot, kCollection);
  EXPECT_TRUE(listed) << listed.error().to_string();
  return *listed;
}

TEST(SegmentListerTest, ListsOnlyTheCollectionsOwnDirectories) {
  MemoryStore store;
  add_segment_files(store, kRoot, {.collection = kCollection, .partition = 1, .segment = 5, .fields = {100}, .delta_files = 1});
  // Collection 101 shares the "10" prefix but not the "10/" directory.
  add_segment_files(store, kRoot, {.collection = 101, .partition = 1, .segment = 6, .fields = {100}, .delta_files = 1});
  store.set("files/stats_log/10/1/5/100/1", "stats");

  const auto listing = list(store);
  EXPECT_EQ(listing.insert_dir, "files/insert_log/10/");
  EXPECT_EQ(listing.delta_dir, "files/delta_log/10/");
  ASSERT_EQ(listing.insert_logs.size(), 1u);
  EXPECT_EQ(listing.insert_logs[0].key, insert_key(kRoot, 10, 1, 5, 100, 5001));
  ASSERT_EQ(listing.delta_logs.size(), 1u);
  EXPECT_EQ(listing.delta_logs[0].key, delta_key(kRoot, 10, 1, 5, 5002));
}

TEST(SegmentListerTest, GroupsFilesPerSegmentAndField) {
  MemoryStore store;
  const auto bytes_5 = add_segment_files(
      store, kRoot,
      {.collection = kCollection, .partition = 1, .segment = 5, .fields = {101, 0, 100}, .files_per_field = 2, .delta_files = 2});
  const auto bytes_6 = add_segment_files(
      store, kRoot, {.collection = kCollection, .partition = 2, .segment = 6, .fields = {0, 100}, .file_size = 40});

  auto grouped = group_segment_binlogs(
      kCollection, {flushed_segment(kCollection, 1, 5, 300), flushed_segment(kCollection, 2, 6, 7)}, list(store));
  ASSERT_TRUE(grouped) << grouped.error().to_string();
  ASSERT_EQ(grouped->size(), 2u);

  const auto& first = (*grouped)[0];
  EXPECT_EQ(first.segment_id, 5);
  EXPECT_EQ(first.collection_id, kCollection);
  EXPECT_EQ(first.partition_id, 1);
  EXPECT_EQ(first.num_of_rows, 300);
  EXPECT_EQ(first.group_id, 5);
  EXPECT_FALSE(first.is_l0);
  EXPECT_EQ(first.size, bytes_5);
  ASSERT_EQ(first.binlogs.size(), 3u);
  EXPECT_EQ(first.binlogs[0].field_id, 0);  // fields in id order
  EXPECT_EQ(first.binlogs[1].field_id, 100);
  EXPECT_EQ(first.binlogs[2].field_id, 101);
  ASSERT_EQ(first.binlogs[1].binlogs.size(), 2u);
  // Field 100 was written third: its logs are 5005 and 5006.
  EXPECT_EQ(first.binlogs[1].binlogs[0].log_id, 5005);
  EXPECT_EQ(first.binlogs[1].binlogs[1].log_id, 5006);
  EXPECT_EQ(first.binlogs[1].binlogs[0].log_path, insert_key(kRoot, 10, 1, 5, 100, 5005));
  EXPECT_EQ(first.binlogs[1].binlogs[0].log_size, 100);
  ASSERT_EQ(first.deltalogs.size(), 1u);
  EXPECT_EQ(first.deltalogs[0].field_id, 0);
  ASSERT_EQ(first.deltalogs[0].binlogs.size(), 2u);
  EXPECT_EQ(first.deltalogs[0].binlogs[0].log_path, delta_key(kRoot, 10, 1, 5, 5007));
  EXPECT_EQ(first.deltalogs[0].binlogs[0].log_size, 50);

  const auto& second = (*grouped)[1];
  EXPECT_EQ(second.segment_id, 6);
  EXPECT_EQ(second.size, bytes_6);
  ASSERT_EQ(second.deltalogs.size(), 1u);  // one entry, empty, as the Go tool writes it
  EXPECT_TRUE(second.deltalogs[0].binlogs.empty());
}

TEST(SegmentListerTest, IgnoresFilesOfSegmentsMilvusNoLongerLists) {
  MemoryStore store;
  add_segment_files(store, kRoot, {.collection = kCollection, .partition = 1, .segment = 5, .fields = {100}});
  // Compacted away, not yet collected by GC.
  add_segment_files(store, kRoot, {.collection = kCollection, .partition = 1, .segment = 4, .fields = {100}});

  auto grouped = group_segment_binlogs(kCollection, {flushed_segment(kCollection, 1, 5, 1)}, list(store));
  ASSERT_TRUE(grouped) << grouped.error().to_string();
  ASSERT_EQ(grouped->size(), 1u);
  EXPECT_EQ((*grouped)[0].binlogs[0].binlogs.size(), 1u);
}

TEST(SegmentListerTest, LeavesOutSegmentsThatAreNotFlushedYet) {
  MemoryStore store;
  add_segment_files(store, kRoot, {.collection = kCollection, .partition = 1, .segment = 5, .fields = {100}});
  auto sealed = flushed_segment(kCollection, 1, 6, 10);
  sealed.state = milvus::common_pb::Sealed;  // no files yet: would otherwise fail "no insert logs"

  auto grouped = group_segment_binlogs(kCollection, {flushed_segment(kCollection, 1, 5, 1), sealed}, list(store));
  ASSERT_TRUE(grouped) << grouped.error().to_string();
  ASSERT_EQ(grouped->size(), 1u);
  EXPECT_EQ((*grouped)[0].segment_id, 5);
}

TEST(SegmentListerTest, FieldsWithDifferentFileCountsAreAnError) {
  MemoryStore store;
  add_segment_files(store, kRoot, {.collection = kCollection, .partition = 1, .segment = 5, .fields = {100, 101}, .files_per_field = 2});
  store.remove(insert_key(kRoot, kCollection, 1, 5, 101, 5004));

  auto grouped = group_segment_binlogs(kCollection, {flushed_segment(kCollection, 1, 5, 1)}, list(store));
  ASSERT_FALSE(grouped);
  EXPECT_EQ(grouped.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(grouped.error().get("segment_id"), "5");
  EXPECT_NE(grouped.error().message.find("field 101 has 1 insert logs but field 100 has 2"), std::string::npos)
      << grouped.error().message;
}

TEST(SegmentListerTest, ASegmentWithoutInsertLogsIsAnErrorUnlessL0) {
  MemoryStore store;
  store.set(delta_key(kRoot, kCollection, 1, 5, 1), "deletes");
  auto grouped = group_segment_binlogs(kCollection, {flushed_segment(kCollection, 1, 5, 0)}, list(store));
  ASSERT_FALSE(grouped);
  EXPECT_EQ(grouped.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(grouped.error().message.find("segment 5 has no insert logs"), std::string::npos);

  store.set(delta_key(kRoot, kCollection, -1, 8, 1), "deletes of every partition");
  auto l0 = group_segment_binlogs(
      kCollection, {flushed_segment(kCollection, -1, 8, 0, milvus::common_pb::L0)}, list(store));
  ASSERT_TRUE(l0) << l0.error().to_string();
  ASSERT_EQ(l0->size(), 1u);
  EXPECT_TRUE((*l0)[0].is_l0);
  EXPECT_EQ((*l0)[0].group_id, 0);  // partition -1 has no group level
  EXPECT_TRUE((*l0)[0].binlogs.empty());
  EXPECT_EQ((*l0)[0].deltalogs[0].binlogs.size(), 1u);
}

TEST(SegmentListerTest, AStrayObjectInABackedUpSegmentIsAnError) {
  MemoryStore store;
  add_segment_files(store, kRoot, {.collection = kCollection, .partition = 1, .segment = 5, .fields = {100}});
  store.set("files/insert_log/10/1/5/100/not-a-log-id", "?");
  store.set("files/insert_log/10/1/9/junk", "in a segment nobody backs up: ignored");

  auto grouped = group_segment_binlogs(kCollection, {flushed_segment(kCollection, 1, 5, 1)}, list(store));
  ASSERT_FALSE(grouped);
  EXPECT_EQ(grouped.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(grouped.error().get("key"), "files/insert_log/10/1/5/100/not-a-log-id");
}

}  // namespace
}  // namespace mb::backup

namespace mb::backup {
namespace {

const retry::Policy kQuickRetry{.max_attempts = 4,
                                .initial_backoff = std::chrono::milliseconds(1),
                                .max_backoff = std::chrono::milliseconds(1)};

TEST(PersistentSegmentsTest, AsksAgainWhileMilvusReportsAnError) {
  testing::FakeMilvusClient client;
  testing::FakeCollection collection;
  collection.description.name = "c";
  collection.segments = {testing::flushed_segment(1, 2, 3, 4)};
  client.add_collection("default", collection);
  client.fail_rpc("GetPersistentSegmentInfo", Error(ErrorCode::kMilvus, "segment not found"), 2);
  auto segments = persistent_segments(client, "default", "c", kQuickRetry);
  ASSERT_TRUE(segments) << segments.error().to_string();
  EXPECT_EQ(segments->size(), 1u);
}

TEST(PersistentSegmentsTest, GivesUpAfterItsAttemptsAndAtOnceWhenUnreachable) {
  testing::FakeMilvusClient client;
  testing::FakeCollection collection;
  collection.description.name = "c";
  client.add_collection("default", collection);
  client.fail_rpc("GetPersistentSegmentInfo", Error(ErrorCode::kMilvus, "segment not found"), 4);
  auto segments = persistent_segments(client, "default", "c", kQuickRetry);
  ASSERT_FALSE(segments);
  EXPECT_EQ(segments.error().message, "segment not found");

  client.fail_rpc("GetPersistentSegmentInfo", Error(ErrorCode::kUnavailable, "connection refused"), 1);
  auto unreachable = persistent_segments(client, "default", "c", kQuickRetry);
  ASSERT_FALSE(unreachable);
  EXPECT_EQ(unreachable.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace mb::backup
