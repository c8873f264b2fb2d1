#include "meta/collection_filter.h"

#include <gtest/gtest.h>

namespace mb::meta {
namespace {

TEST(CollectionFilter, EmptyFilterAllowsEverything) {
  auto filter = parse_collection_filter("");
  ASSERT_TRUE(filter);
  EXPECT_TRUE(filter->databases.empty());
  EXPECT_TRUE(filter->allows_database("any"));
  EXPECT_TRUE(filter->allows_collection("any", "thing"));
}

TEST(CollectionFilter, ParsesTheFourRuleKinds) {
  auto filter = parse_collection_filter("db1.*,db2.c1,c2,db3.");
  ASSERT_TRUE(filter) << filter.error().to_string();
  EXPECT_EQ(filter->databases.at("db1"), (DatabaseFilter{true, {}}));
  EXPECT_EQ(filter->databases.at("db2"), (DatabaseFilter{false, {"c1"}}));
  EXPECT_EQ(filter->databases.at("default"), (DatabaseFilter{false, {"c2"}}));
  EXPECT_EQ(filter->databases.at("db3"), (DatabaseFilter{false, {}}));

  EXPECT_TRUE(filter->allows_collection("db1", "whatever"));
  EXPECT_TRUE(filter->allows_collection("db2", "c1"));
  EXPECT_FALSE(filter->allows_collection("db2", "c9"));
  EXPECT_TRUE(filter->allows_collection("default", "c2"));
  EXPECT_TRUE(filter->allows_database("db3"));
  EXPECT_FALSE(filter->allows_collection("db3", "c1"));
  EXPECT_FALSE(filter->allows_database("db4"));
}

TEST(CollectionFilter, LaterWholeDatabaseRulesReplaceEarlierOnes) {
  auto filter = parse_collection_filter("db.c1,db.");
  ASSERT_TRUE(filter);
  EXPECT_FALSE(filter->allows_collection("db", "c1"));
  filter = parse_collection_filter("db.*,db.c1");
  ASSERT_TRUE(filter);
  EXPECT_TRUE(filter->allows_collection("db", "c2"));
}

TEST(CollectionFilter, InvalidRulesAreRejectedWithGoMessage) {
  for (const char* text : {"db.c.d", "db-1.c", ",c", "c,", "db.c*", ".c", "*", "db.*x", "c 1"}) {
    auto filter = parse_collection_filter(text);
    ASSERT_FALSE(filter) << text;
    EXPECT_EQ(filter.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(filter.error().message.rfind("filter: invalid filter rule: ", 0), 0u) << filter.error().message;
  }
  EXPECT_EQ(parse_collection_filter("a,b-c").error().message, "filter: invalid filter rule: b-c");
}

}  // namespace
}  // namespace mb::meta
