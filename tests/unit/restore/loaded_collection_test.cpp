#include "restore/loaded_collection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

#include "fake_milvus_client.h"

namespace mb::restore {
namespace {

using ::testing::Contains;
using ::testing::Not;

constexpr auto kLoaded = milvus::common_pb::LoadStateLoaded;
constexpr auto kNotLoad = milvus::common_pb::LoadStateNotLoad;

const std::vector<std::pair<std::string, milvus::schema_pb::DataType>> kVectorFields = {
    {"v", milvus::schema_pb::FloatVector}};

class LoadedCollectionTest : public ::testing::Test {
 protected:
  LoadedCollectionTest() {
    client.tables["default.c"].indexes = {
        {.index_name = "v_idx", .field_name = "v", .params = {{"index_type", "FLAT"}, {"metric_type", "L2"}}}};
  }

  Result<LoadedCollection> load(const std::string& address) {
    return LoadedCollection::load({.client = &client, .address = address}, "default", "c", kVectorFields,
                                  /*may_add_index=*/false, {.poll_interval = std::chrono::milliseconds(1)}, nullptr);
  }
  long count(const std::string& call) const { return std::count(client.calls.begin(), client.calls.end(), call); }

  testing::FakeMilvusClient client;
};

TEST_F(LoadedCollectionTest, ACollectionLoadedBeforeStaysLoaded) {
  client.tables["default.c"].state = kLoaded;
  {
    auto first = load("a:19530");
    ASSERT_TRUE(first) << first.error().to_string();
    auto second = load("a:19530");
    ASSERT_TRUE(second) << second.error().to_string();
  }
  EXPECT_THAT(client.calls, Not(Contains("load default.c")));
  EXPECT_THAT(client.calls, Not(Contains("release default.c")));
  EXPECT_EQ(client.tables["default.c"].state, kLoaded);
}

TEST_F(LoadedCollectionTest, VerifiesSharingALoadLeaveTheReleaseToTheLast) {
  std::optional<Result<LoadedCollection>> first = load("a:19530");
  ASSERT_TRUE(*first) << (*first).error().to_string();
  auto second = load("a:19530");
  ASSERT_TRUE(second) << second.error().to_string();
  EXPECT_EQ(count("load default.c"), 1);
  first.reset();  // the verify that loaded finishes first
  EXPECT_EQ(count("release default.c"), 0);
  EXPECT_EQ(client.tables["default.c"].state, kLoaded);
}

TEST_F(LoadedCollectionTest, TheLastOfTheSharingVerifiesReleases) {
  {
    auto first = load("a:19530");
    ASSERT_TRUE(first) << first.error().to_string();
    auto second = load("a:19530");
    ASSERT_TRUE(second) << second.error().to_string();
  }
  EXPECT_EQ(count("load default.c"), 1);
  EXPECT_EQ(count("release default.c"), 1);
  EXPECT_EQ(client.tables["default.c"].state, kNotLoad);
  // The count is gone with the release: the next verify loads anew.
  {
    auto again = load("a:19530");
    ASSERT_TRUE(again) << again.error().to_string();
  }
  EXPECT_EQ(count("load default.c"), 2);
  EXPECT_EQ(count("release default.c"), 2);
}

TEST_F(LoadedCollectionTest, AnotherAddressIsAnotherMilvus) {
  auto on_a = load("a:19530");
  ASSERT_TRUE(on_a) << on_a.error().to_string();
  {
    // The fake is one Milvus, so b sees the load a made and leaves it alone.
    auto on_b = load("b:19530");
    ASSERT_TRUE(on_b) << on_b.error().to_string();
  }
  EXPECT_EQ(count("release default.c"), 0);
}

TEST_F(LoadedCollectionTest, AFailedLoadHoldsNoShare) {
  client.tables["default.c"].indexes.clear();
  auto unindexed = load("a:19530");
  ASSERT_FALSE(unindexed);
  EXPECT_EQ(unindexed.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(client.calls, Not(Contains("load default.c")));
  EXPECT_THAT(client.calls, Not(Contains("release default.c")));
}

}  // namespace
}  // namespace mb::restore
