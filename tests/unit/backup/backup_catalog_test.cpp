#include "backup/backup_catalog.h"

#include <gtest/gtest.h>

#include "memory_store.h"
#include "meta/meta_files.h"

namespace mb::backup {
namespace {

using mb::testing::MemoryStore;

meta::BackupInfo info_named(const std::string& name, int64_t size) {
  meta::BackupInfo info;
  info.id = "id-" + name;
  info.name = name;
  info.size = size;
  info.milvus_version = "v2.3.5";
  meta::CollectionBackupInfo collection;
  collection.collection_id = 1;
  collection.collection_name = "c";
  collection.db_name = "default";
  info.collection_backups.push_back(collection);
  return info;
}

void write_backup(MemoryStore& store, const std::string& dir, const meta::BackupInfo& info, bool with_full_meta = true) {
  for (const auto& [file, content] : meta::encode_meta_files(info, meta::BackupManifest{})) {
    if (!with_full_meta && file == meta::kFullMetaFile) continue;
    store.set(dir + "meta/" + file, content);
  }
  store.set(dir + "binlogs/insert_log/1/2/3/3/100/1", "data");
}

TEST(BackupCatalogTest, ListsEveryFolderWithItsState) {
  MemoryStore store;
  write_backup(store, "backup/a_complete/", info_named("a_complete", 10));
  // An old backup: the four level files, no full_meta.json. Complete.
  write_backup(store, "backup/b_levels_only/", info_named("b_levels_only", 20), false);
  store.remove("backup/b_levels_only/meta/milvus_backup_cpp.json");
  store.set("backup/c_half/binlogs/insert_log/1/2/3/3/100/1", "data");  // a run that died before its meta
  write_backup(store, "backup/d_partial_meta/", info_named("d_partial_meta", 30), false);
  store.remove("backup/d_partial_meta/meta/segment_meta.json");
  store.set("backup/stray_object", "not a backup");

  auto listed = list_backups(store, "backup");
  ASSERT_TRUE(listed) << listed.error().to_string();
  ASSERT_EQ(listed->size(), 4u);
  EXPECT_EQ((*listed)[0].name, "a_complete");
  EXPECT_TRUE((*listed)[0].complete);
  EXPECT_EQ((*listed)[0].id, "id-a_complete");
  EXPECT_EQ((*listed)[0].size, 10);
  EXPECT_EQ((*listed)[0].milvus_version, "v2.3.5");
  EXPECT_TRUE((*listed)[1].complete);
  EXPECT_EQ((*listed)[1].state, "complete");  // its size is the sum of its segments (none here), as get has it
  EXPECT_EQ((*listed)[2].name, "c_half");
  EXPECT_FALSE((*listed)[2].complete);
  EXPECT_EQ((*listed)[2].problem, "no backup meta");
  EXPECT_EQ((*listed)[2].state, "incomplete");
  EXPECT_FALSE((*listed)[3].complete);
  EXPECT_EQ((*listed)[3].state, "incomplete");
  EXPECT_EQ((*listed)[3].problem, "missing meta/full_meta.json (a create that did not finish)");
}

void write_levels_only(MemoryStore& store, const std::string& dir, const std::string& name) {
  write_backup(store, dir, info_named(name, 20), false);
  store.remove(dir + "meta/milvus_backup_cpp.json");
}

BackupListing only(const Result<std::vector<BackupListing>>& listed) {
  EXPECT_TRUE(listed) << listed.error().to_string();
  EXPECT_EQ(listed->size(), 1u);
  return listed->empty() ? BackupListing{} : listed->front();
}

// Issue 18: a create killed after the level files (ours write the manifest first) and level or
// manifest files that do not parse were listed as complete.
TEST(BackupCatalogTest, CompleteOnlyWhenEveryMetaFileIsThereAndParses) {
  {
    MemoryStore store;  // a Go-made backup without full_meta.json: the four level files stand for it
    write_levels_only(store, "backup/go_levels/", "go_levels");
    EXPECT_EQ(only(list_backups(store, "backup")).state, "complete");
    EXPECT_TRUE(get_backup(store, "backup", "go_levels"));
  }
  {
    MemoryStore store;  // ours, killed between the level files and full_meta.json
    write_backup(store, "backup/cut/", info_named("cut", 20), false);
    const auto listing = only(list_backups(store, "backup"));
    EXPECT_FALSE(listing.complete);
    EXPECT_EQ(listing.state, "incomplete");
    auto got = get_backup(store, "backup", "cut");
    ASSERT_FALSE(got);
    EXPECT_NE(got.error().message.find("missing meta/full_meta.json"), std::string::npos) << got.error().message;
  }
  for (const char* file : {"collection_meta.json", "partition_meta.json", "segment_meta.json", "backup_meta.json"}) {
    MemoryStore store;  // a Go-made level-only backup with one level file broken
    write_levels_only(store, "backup/broken/", "broken");
    store.set(std::string("backup/broken/meta/") + file, "{\"infos\": [");
    const auto listing = only(list_backups(store, "backup"));
    EXPECT_FALSE(listing.complete) << file;
    EXPECT_EQ(listing.state, "damaged") << file;
    EXPECT_NE(listing.problem.find(std::string("meta/") + file), std::string::npos) << listing.problem;
    auto got = get_backup(store, "backup", "broken");
    ASSERT_FALSE(got) << file;
    EXPECT_EQ(got.error().code, ErrorCode::kCorrupt);
    EXPECT_EQ(got.error().get("state"), "damaged");
  }
  for (const char* file : {"full_meta.json", "milvus_backup_cpp.json"}) {
    MemoryStore store;  // ours, with full_meta.json or the manifest broken
    write_backup(store, "backup/broken/", info_named("broken", 20));
    store.set(std::string("backup/broken/meta/") + file, "{\"files\": 1e999}");
    const auto listing = only(list_backups(store, "backup"));
    EXPECT_EQ(listing.state, "damaged") << file;
    EXPECT_NE(listing.problem.find(std::string("meta/") + file), std::string::npos) << listing.problem;
    auto got = get_backup(store, "backup", "broken");
    ASSERT_FALSE(got) << file;
    EXPECT_EQ(got.error().get("state"), "damaged");
  }
}

TEST(BackupCatalogTest, GetReadsTheMetaAndItsSize) {
  MemoryStore store;
  write_backup(store, "backup/nightly/", info_named("nightly", 10));
  auto details = get_backup(store, "backup", "nightly");
  ASSERT_TRUE(details) << details.error().to_string();
  EXPECT_EQ(details->info.name, "nightly");
  ASSERT_EQ(details->info.collection_backups.size(), 1u);
  int64_t meta_bytes = 0;
  for (const auto& [key, data] : store.objects()) {
    if (key.starts_with("backup/nightly/meta/")) meta_bytes += static_cast<int64_t>(data.size());
  }
  EXPECT_EQ(details->meta_size, meta_bytes);
  ASSERT_TRUE(details->manifest);
  EXPECT_EQ(details->manifest->format_version, meta::kBackupManifestFormatVersion);
}

TEST(BackupCatalogTest, GetNamesWhatIsWrong) {
  MemoryStore store;
  store.set("backup/half/binlogs/x", "data");
  auto missing = get_backup(store, "backup", "nothing_here");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().message, "backup nothing_here not found");

  auto half = get_backup(store, "backup", "half");
  ASSERT_FALSE(half);
  EXPECT_EQ(half.error().code, ErrorCode::kNotFound);
  EXPECT_NE(half.error().message.find("no backup meta"), std::string::npos) << half.error().message;

  auto bad = get_backup(store, "backup", "../escape");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

TEST(BackupCatalogTest, DeleteRemovesCompleteAndHalfWrittenBackups) {
  MemoryStore store;
  write_backup(store, "backup/nightly/", info_named("nightly", 10));
  write_backup(store, "backup/nightly_2/", info_named("nightly_2", 10));
  store.set("backup/half/binlogs/x", "data");

  auto deleted = delete_backup(store, "backup", "nightly");
  ASSERT_TRUE(deleted) << deleted.error().to_string();
  EXPECT_TRUE(deleted->was_complete);
  auto half = delete_backup(store, "backup", "half");
  ASSERT_TRUE(half) << half.error().to_string();
  EXPECT_FALSE(half->was_complete);

  for (const auto& [key, data] : store.objects()) EXPECT_TRUE(key.starts_with("backup/nightly_2/")) << key;

  auto again = delete_backup(store, "backup", "nightly");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
}

TEST(BackupCatalogTest, EmptyRootListsTheBucketsTopLevel) {
  MemoryStore store;
  write_backup(store, "top/", info_named("top", 1));
  auto listed = list_backups(store, "");
  ASSERT_TRUE(listed) << listed.error().to_string();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].name, "top");
  EXPECT_TRUE((*listed)[0].complete);
}

}  // namespace
}  // namespace mb::backup

namespace mb::backup {
namespace {

// A store whose deletes of binlogs fail, as when the storage goes away during a delete.
class BinlogsUndeletableStore : public MemoryStore {
 public:
  Status remove(std::string_view key) override {
    if (key.find("/binlogs/") != std::string_view::npos) return fail(ErrorCode::kUnavailable, "connection refused");
    return MemoryStore::remove(key);
  }
};

TEST(BackupCatalogTest, AnInterruptedDeleteLeavesAnIncompleteBackupNotAListedOne) {
  BinlogsUndeletableStore store;
  write_backup(store, "backup/nightly/", info_named("nightly", 10));
  auto deleted = delete_backup(store, "backup", "nightly");
  ASSERT_FALSE(deleted);
  auto listed = list_backups(store, "backup");
  ASSERT_TRUE(listed) << listed.error().to_string();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_FALSE((*listed)[0].complete);
}

}  // namespace
}  // namespace mb::backup

#include <filesystem>
#include <fstream>

#include "storage/local_store.h"
#include "util/random_id.h"

namespace mb::backup {
namespace {

// Issue 18: a create killed mid-copy to local storage left only temp files; `delete` said "not
// found" and left them.
TEST(BackupCatalogTest, DeleteRemovesWhatAKilledLocalWriterLeft) {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / ("mb_catalog_" + random_uuid());
  storage::LocalStore store(root);
  fs::create_directories(root / "backup/killed/binlogs/insert_log/1");
  std::ofstream(root / "backup/killed/binlogs/insert_log/1/.mb-partial-0001") << "half";
  std::ofstream(root / "backup/killed/.mb-partial-0002") << "half";
  auto listed = list_backups(store, "backup");
  ASSERT_TRUE(listed);
  EXPECT_TRUE(listed->empty());  // nothing a listing shows
  auto deleted = delete_backup(store, "backup", "killed");
  ASSERT_TRUE(deleted) << deleted.error().to_string();
  EXPECT_FALSE(deleted->was_complete);
  EXPECT_FALSE(fs::exists(root / "backup/killed"));
  auto again = delete_backup(store, "backup", "killed");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
  fs::remove_all(root);
}

}  // namespace
}  // namespace mb::backup
