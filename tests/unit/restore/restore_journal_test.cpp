#include "restore/restore_journal.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "memory_store.h"

namespace mb::restore {
namespace {

TEST(RestoreJournal, TheIdDependsOnWhatIsRestoredWhereNotOnTheOrderOfTargets) {
  const auto id = derive_restore_id("b", "id1", "127.0.0.1:19530", {"default.a", "db1.b"});
  EXPECT_EQ(id.size(), 17u);
  EXPECT_EQ(id[0], 'r');
  EXPECT_EQ(id, derive_restore_id("b", "id1", "127.0.0.1:19530", {"db1.b", "default.a"}));
  EXPECT_NE(id, derive_restore_id("b", "id2", "127.0.0.1:19530", {"default.a", "db1.b"}));
  EXPECT_NE(id, derive_restore_id("b", "id1", "127.0.0.1:19531", {"default.a", "db1.b"}));
  EXPECT_NE(id, derive_restore_id("b", "id1", "127.0.0.1:19530", {"default.a"}));
}

TEST(RestoreJournal, TemporaryNamesCarryTheIdAndRespectMilvussLimit) {
  auto name = temp_collection_name("r0123456789abcdef", "books");
  ASSERT_TRUE(name);
  EXPECT_EQ(*name, "books_mbtmp_0123456789abcdef");
  EXPECT_TRUE(temp_collection_name("r0123456789abcdef", std::string(255 - 23, 'x')));
  auto too_long = temp_collection_name("r0123456789abcdef", std::string(255 - 22, 'x'));
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().code, ErrorCode::kInvalidArgument);
}

TEST(RestoreJournal, ReadsTheRestoreIdBackOnlyFromExactlyATemporaryName) {
  EXPECT_EQ(restore_id_of_temp_collection("books_mbtmp_0123456789abcdef"), "r0123456789abcdef");
  EXPECT_EQ(restore_id_of_temp_collection(*temp_collection_name("r00ff00ff00ff00ff", "a_mbtmp_b")),
            "r00ff00ff00ff00ff");
  for (const char* other : {"books", "books_mbtmp_0123456789ABCDEF", "books_mbtmp_0123456789abcde",
                            "books_mbtmp_0123456789abcdef0", "books_mbtmp_0123456789abcdeg", "_mbtmp_0123456789abcdef",
                            "books_mbtmp_0123456789abcdef_x", "books_mbtmq_0123456789abcdef"}) {
    EXPECT_EQ(restore_id_of_temp_collection(other), std::nullopt) << other;
  }
}

TEST(RestoreJournal, RoundTripsThroughTheStore) {
  mb::testing::MemoryStore store;
  const std::string key = journal_key("backup/b/", "r1");
  EXPECT_EQ(key, "backup/b/restore_journal/r1.json");
  auto none = load_journal(store, key);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);

  RestoreJournal journal(store, key, JournalData{.restore_id = "r1", .backup_name = "b", .backup_id = "id",
                                                 .target_milvus = "h:1", .started_unix = 5});
  journal.set("default.a", {.stage = JournalStage::kCreating, .temp_collection = "a_mbtmp_1"});
  journal.set("db1.b", {.stage = JournalStage::kDone, .rows = 42, .done_unix = 9});
  auto loaded = load_journal(store, key);
  ASSERT_TRUE(loaded && *loaded) << (loaded ? "" : loaded.error().to_string());
  EXPECT_FALSE((*loaded)->finished);
  EXPECT_EQ((*loaded)->collections.at("default.a").stage, JournalStage::kCreating);
  EXPECT_EQ((*loaded)->collections.at("default.a").temp_collection, "a_mbtmp_1");
  EXPECT_EQ((*loaded)->collections.at("db1.b").rows, 42);
  journal.finish();
  auto finished = load_journal(store, key);
  ASSERT_TRUE(finished && *finished);
  EXPECT_TRUE((*finished)->finished);
  EXPECT_EQ((*finished)->backup_id, "id");
}

TEST(RestoreJournal, SomethingElseUnderItsKeyIsCorrupt) {
  for (const std::string text : {"", "{}", R"({"restore_id":"r","backup_name":"b","backup_id":"i",
      "target_milvus":"t","started_unix":1,"updated_unix":1,"finished":false,
      "collections":{"a.b":{"stage":"flying","temp_collection":"","rows":0,"done_unix":0}}})"}) {
    auto decoded = decode_journal(text, "k");
    ASSERT_FALSE(decoded) << text;
    EXPECT_EQ(decoded.error().code, ErrorCode::kCorrupt);
  }
}


TEST(RestoreJournal, IsParsedWithTheDepthLimit) {
  const std::string deep = R"({"restore_id":)" + std::string(10000, '[') + std::string(10000, ']') + "}";
  auto decoded = decode_journal(deep, "k");
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(decoded.error().message.find("nested deeper"), std::string::npos) << decoded.error().message;
}

TEST(RestoreJournal, HeartbeatRewritesItWhileNothingChanges) {
  mb::testing::MemoryStore store;
  const std::string key = journal_key("backup/b/", "r2");
  RestoreJournal journal(store, key, JournalData{.restore_id = "r2", .backup_name = "b"},
                         std::chrono::milliseconds(10));
  // Nothing was set or saved: only the heartbeat writes it.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  auto loaded = load_journal(store, key);
  while (loaded && !*loaded && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    loaded = load_journal(store, key);
  }
  ASSERT_TRUE(loaded && *loaded);
  EXPECT_EQ((*loaded)->restore_id, "r2");
  EXPECT_GT((*loaded)->updated_unix, 0);
}

TEST(RestoreJournal, NoHeartbeatWritesOnlyOnChanges) {
  mb::testing::MemoryStore store;
  const std::string key = journal_key("backup/b/", "r3");
  {
    RestoreJournal journal(store, key, JournalData{.restore_id = "r3"}, std::chrono::milliseconds(0));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  auto loaded = load_journal(store, key);
  ASSERT_TRUE(loaded);
  EXPECT_FALSE(*loaded);
}

}  // namespace
}  // namespace mb::restore
