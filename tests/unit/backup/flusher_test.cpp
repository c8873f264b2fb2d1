#include "backup/flusher.h"

#include <gtest/gtest.h>

#include "fake_milvus_client.h"
#include "meta/base64_decode.h"

namespace mb::backup {
namespace {

using testing::FakeCollection;
using testing::FakeMilvusClient;

milvus::common_pb::MsgPosition position(const std::string& channel, uint64_t timestamp) {
  milvus::common_pb::MsgPosition out;
  out.set_channel_name(channel);
  out.set_timestamp(timestamp);
  out.set_msgid("\x01\x02");
  return out;
}

FakeCollection flushable(int polls_until_done) {
  FakeCollection collection;
  collection.description.name = "books";
  collection.description.id = 3;
  collection.flush.sealed_segment_ids = {7};
  collection.flush.seal_time = 1700000000;
  collection.flush.flush_ts = 99;
  collection.flush.channel_checkpoints = {{"dml_0_3v0", position("dml_0", 448000000000000000ULL)},
                                          {"dml_1_3v1", position("dml_1", 448000000000000123ULL)}};
  collection.flush_state_polls_until_done = polls_until_done;
  return collection;
}

TEST(FlusherTest, WaitsUntilFlushedAndRecordsTheCheckpoints) {
  FakeMilvusClient client;
  client.add_collection("default", flushable(2));
  auto checkpoint = flush_collection(client, "default", "books", nullptr, {.poll_interval = std::chrono::milliseconds(1)});
  ASSERT_TRUE(checkpoint) << checkpoint.error().to_string();
  EXPECT_EQ(client.flush_calls, 1);
  EXPECT_EQ(client.flush_state_calls, 3);
  EXPECT_EQ(checkpoint->backup_timestamp, 448000000000000123ULL);
  EXPECT_EQ(checkpoint->backup_physical_timestamp, 1700000000u);
  ASSERT_EQ(checkpoint->channel_checkpoints.size(), 2u);
  const auto bytes = meta::base64_decode(checkpoint->channel_checkpoints.at("dml_1_3v1"));
  ASSERT_TRUE(bytes);
  milvus::common_pb::MsgPosition decoded;
  ASSERT_TRUE(decoded.ParseFromString(*bytes));
  EXPECT_EQ(decoded.channel_name(), "dml_1");
  EXPECT_EQ(decoded.timestamp(), 448000000000000123ULL);
  EXPECT_EQ(decoded.msgid(), "\x01\x02");
}

TEST(FlusherTest, CancellationEndsTheWait) {
  FakeMilvusClient client;
  client.add_collection("default", flushable(1000000));
  CancellationToken cancel;
  cancel.cancel();
  auto checkpoint = flush_collection(client, "default", "books", &cancel, {.poll_interval = std::chrono::milliseconds(1)});
  ASSERT_FALSE(checkpoint);
  EXPECT_EQ(checkpoint.error().code, ErrorCode::kCancelled);
  EXPECT_EQ(checkpoint.error().get("collection"), "books");
}

TEST(FlusherTest, AFailedFlushNamesTheCollection) {
  FakeMilvusClient client;
  client.add_collection("default", flushable(0));
  client.fail_rpc("Flush", Error(ErrorCode::kUnavailable, "connection refused"));
  auto checkpoint = flush_collection(client, "default", "books", nullptr);
  ASSERT_FALSE(checkpoint);
  EXPECT_EQ(checkpoint.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(checkpoint.error().get("db"), "default");
  EXPECT_EQ(checkpoint.error().get("collection"), "books");
  EXPECT_EQ(checkpoint.error().message, "flush: connection refused");
}

}  // namespace
}  // namespace mb::backup
