#include "milvus/milvus_types.h"

#include <gtest/gtest.h>

namespace mb::milvus {
namespace {

TEST(MilvusTypesTest, FindValueReturnsTheFirstMatchOrEmpty) {
  const KeyValues pairs = {{"index_type", "HNSW"}, {"metric_type", "L2"}, {"index_type", "IVF_FLAT"}};
  EXPECT_EQ(find_value(pairs, "index_type"), "HNSW");
  EXPECT_EQ(find_value(pairs, "params"), "");
}

TEST(MilvusTypesTest, IndexTypeComesFromParams) {
  IndexInfo index{.index_name = "v_idx", .field_name = "v", .params = {{"index_type", "IVF_FLAT"}}};
  EXPECT_EQ(index.index_type(), "IVF_FLAT");
}

TEST(MilvusTypesTest, ImportStateReadsProgressAndFailure) {
  ImportTaskState running{.state = common_pb::ImportStarted, .infos = {{"progress_percent", "42"}}};
  EXPECT_EQ(running.progress_percent(), 42);
  EXPECT_FALSE(running.completed());
  EXPECT_FALSE(running.failed());

  ImportTaskState failed{.state = common_pb::ImportFailedAndCleaned, .infos = {{"failed_reason", "bad file"}}};
  EXPECT_TRUE(failed.failed());
  EXPECT_EQ(failed.failed_reason(), "bad file");
  EXPECT_EQ(failed.progress_percent(), 0);

  EXPECT_TRUE((ImportTaskState{.state = common_pb::ImportFailed}).failed());
  EXPECT_TRUE((ImportTaskState{.state = common_pb::ImportCompleted}).completed());
  // Persisted and flushed are on the way, not done.
  EXPECT_FALSE((ImportTaskState{.state = common_pb::ImportPersisted}).completed());
  EXPECT_FALSE((ImportTaskState{.state = common_pb::ImportFlushed}).completed());
}

}  // namespace
}  // namespace mb::milvus
