#include "meta/collection_rename.h"

#include <gtest/gtest.h>

namespace mb::meta {
namespace {

TEST(CollectionRename, EmptyRenamesNothing) {
  auto rename = parse_collection_rename("");
  ASSERT_TRUE(rename);
  EXPECT_EQ(rename->apply({"db", "c"}), (std::vector<Namespace>{{"db", "c"}}));
}

TEST(CollectionRename, ParsesEachPairKind) {
  auto rename = parse_collection_rename("db1.*:db2.*,db3.c1:db4.c2,c3:c4,db5.:db6.");
  ASSERT_TRUE(rename) << rename.error().to_string();
  EXPECT_EQ(rename->database_renames, (std::map<std::string, std::string>{{"db1", "db2"}}));
  EXPECT_EQ(rename->collection_renames.at("db3.c1"), (std::vector<Namespace>{{"db4", "c2"}}));
  EXPECT_EQ(rename->collection_renames.at("default.c3"), (std::vector<Namespace>{{"default", "c4"}}));
  EXPECT_EQ(rename->collection_renames.size(), 2u);  // "db5.:db6." is ignored

  EXPECT_EQ(rename->apply({"db1", "x"}), (std::vector<Namespace>{{"db2", "x"}}));
  EXPECT_EQ(rename->apply({"db3", "c1"}), (std::vector<Namespace>{{"db4", "c2"}}));
  EXPECT_EQ(rename->apply({"default", "c3"}), (std::vector<Namespace>{{"default", "c4"}}));
  EXPECT_EQ(rename->apply({"db5", "c"}), (std::vector<Namespace>{{"db5", "c"}}));
}

TEST(CollectionRename, CollectionRenameWinsOverDatabaseRename) {
  auto rename = parse_collection_rename("db1.*:db2.*,db1.special:db9.kept");
  ASSERT_TRUE(rename);
  EXPECT_EQ(rename->apply({"db1", "special"}), (std::vector<Namespace>{{"db9", "kept"}}));
  EXPECT_EQ(rename->apply({"db1", "other"}), (std::vector<Namespace>{{"db2", "other"}}));
}

TEST(CollectionRename, LastPairForTheSameSourceWins) {
  auto rename = parse_collection_rename("c1:a,c1:b");
  ASSERT_TRUE(rename);
  EXPECT_EQ(rename->apply({"default", "c1"}), (std::vector<Namespace>{{"default", "b"}}));
}

TEST(CollectionRename, TwoSpellingsOfOneSourceRestoreTwice) {
  auto rename = parse_collection_rename("c1:a,default.c1:db.b");
  ASSERT_TRUE(rename);
  EXPECT_EQ(rename->apply({"default", "c1"}), (std::vector<Namespace>{{"default", "a"}, {"db", "b"}}));
}

TEST(CollectionRename, PairWithoutColonIsAFormatError) {
  auto rename = parse_collection_rename("c1:c2,c3");
  ASSERT_FALSE(rename);
  EXPECT_EQ(rename.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(rename.error().message, "rename collection format error: c3");
}

TEST(CollectionRename, SidesOfDifferentKindsAreRejected) {
  for (const char* text : {"db1.*:c2", "db.c:c2", "c1:db.", "c1:c-2", "db1.*:db2.c"}) {
    auto rename = parse_collection_rename(text);
    ASSERT_FALSE(rename) << text;
    EXPECT_EQ(rename.error().message.rfind("filter: invalid mapper rule: ", 0), 0u) << rename.error().message;
  }
  EXPECT_EQ(parse_collection_rename("db.c:c2").error().message, "filter: invalid mapper rule: db.c -> c2");
}

TEST(CollectionRename, ExtraColonsAreIgnoredLikeGo) {
  auto rename = parse_collection_rename("c1:c2:c3");
  ASSERT_TRUE(rename);
  EXPECT_EQ(rename->apply({"default", "c1"}), (std::vector<Namespace>{{"default", "c2"}}));
}

}  // namespace
}  // namespace mb::meta
