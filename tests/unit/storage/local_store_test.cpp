#include "storage/local_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

namespace mb::storage {
namespace {
namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    // tmpfs when there is one: commits fsync, which costs milliseconds per file on a disk.
    const fs::path root = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    path_ = root / ("mb-local-store-test-" + std::to_string(::getpid()) + "-" +
                                         std::to_string(counter_++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

std::vector<std::string> keys_of(const std::vector<ObjectInfo>& objects) {
  std::vector<std::string> keys;
  for (const auto& o : objects) keys.push_back(o.key);
  return keys;
}

std::span<const std::byte> bytes(std::string_view s) { return std::as_bytes(std::span(s.data(), s.size())); }

class LocalStoreTest : public ::testing::Test {
 protected:
  TempDir dir_;
  LocalStore store_{dir_.path()};

  size_t files_on_disk() const {
    size_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir_.path())) n += e.is_regular_file();
    return n;
  }
};

TEST_F(LocalStoreTest, PutGetEmptyOneByteAndLargeObjects) {
  std::string large(5 * 1024 * 1024 + 17, '\0');
  std::mt19937 rng(7);
  for (auto& c : large) c = static_cast<char>(rng());
  ASSERT_TRUE(store_.put("o/empty", ""));
  ASSERT_TRUE(store_.put("o/one", "x"));
  ASSERT_TRUE(store_.put("o/large", large));
  EXPECT_EQ(store_.get("o/empty").value(), "");
  EXPECT_EQ(store_.get("o/one").value(), "x");
  EXPECT_EQ(store_.get("o/large").value(), large);  // spans several read chunks
  EXPECT_EQ(store_.stat("o/large").value()->size, large.size());
  EXPECT_EQ(store_.stat("o/empty").value()->size, 0u);
  EXPECT_GT(store_.stat("o/one").value()->mtime_unix, 0);
}

TEST_F(LocalStoreTest, MakeDurableSyncsTheStoreAndNamesAMissingDirectory) {
  ASSERT_TRUE(store_.put("a/b", "data"));
  EXPECT_TRUE(store_.make_durable());

  LocalStore gone(dir_.path() / "not-there");
  auto synced = gone.make_durable();
  ASSERT_FALSE(synced);
  EXPECT_EQ(synced.error().code, ErrorCode::kIo);
  EXPECT_NE(synced.error().to_string().find("not-there"), std::string::npos) << synced.error().to_string();
}

TEST_F(LocalStoreTest, OddKeysRoundTrip) {
  const std::vector<std::string> keys = {"odd/with space", "odd/plus+sign", "odd/percent%20literal",
                                         "odd/ünïcødé/日本語", "odd/quote'\"&<>", "odd/tab\tand~tilde"};
  for (const auto& key : keys) ASSERT_TRUE(store_.put(key, key)) << key;
  for (const auto& key : keys) EXPECT_EQ(store_.get(key).value(), key);
  auto listed = keys_of(store_.list_all("odd/").value());
  auto expected = keys;
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(listed, expected);
}

TEST_F(LocalStoreTest, NotFoundIsAValueForStatAndAnErrorForReads) {
  EXPECT_FALSE(store_.stat("nope").value().has_value());
  ASSERT_TRUE(store_.put("dir/file", "1"));
  EXPECT_FALSE(store_.stat("dir").value().has_value());  // a directory is not an object
  auto read = store_.get("nope");
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(read.error().get("key"), "nope");
  EXPECT_EQ(read.error().get("store"), store_.describe());
  EXPECT_EQ(store_.get("dir").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_.get("dir/file/deeper").error().code, ErrorCode::kNotFound);
}

TEST_F(LocalStoreTest, ReadRangeIsShortOnlyAtTheEnd) {
  ASSERT_TRUE(store_.put("r", "0123456789"));
  std::vector<std::byte> buffer(4);
  EXPECT_EQ(store_.read_range("r", 0, buffer).value(), 4u);
  EXPECT_EQ(static_cast<char>(buffer[0]), '0');
  EXPECT_EQ(store_.read_range("r", 8, buffer).value(), 2u);
  EXPECT_EQ(static_cast<char>(buffer[1]), '9');
  EXPECT_EQ(store_.read_range("r", 10, buffer).value(), 0u);
  EXPECT_EQ(store_.read_range("r", 99, buffer).value(), 0u);
}

TEST_F(LocalStoreTest, PagedListingOfMoreThanAThousandKeys) {
  std::set<std::string> expected;
  for (int i = 0; i < 2345; ++i) {
    std::string key = "many/" + std::to_string(i % 7) + "/k" + std::to_string(i);
    ASSERT_TRUE(store_.put(key, "v"));
    expected.insert(key);
  }
  ASSERT_TRUE(store_.put("manyx", "not under many/"));
  auto first = store_.list_page("many/", true, "").value();
  EXPECT_EQ(first.objects.size(), LocalStore::kPageSize);
  EXPECT_EQ(first.next_token, first.objects.back().key);
  size_t pages = 0;
  std::vector<std::string> all;
  std::string token;
  do {
    auto page = store_.list_page("many/", true, token).value();
    ++pages;
    for (auto& o : page.objects) all.push_back(o.key);
    token = page.next_token;
  } while (!token.empty());
  EXPECT_EQ(pages, 3u);
  EXPECT_EQ(all, std::vector<std::string>(expected.begin(), expected.end()));
}

TEST_F(LocalStoreTest, AnExactlyFullLastPageHasNoToken) {
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(store_.put("full/" + std::to_string(10000 + i), ""));
  auto page = store_.list_page("full/", true, "").value();
  EXPECT_EQ(page.objects.size(), 1000u);
  EXPECT_TRUE(page.next_token.empty());
}

TEST_F(LocalStoreTest, OrderIsS3ByteOrderNotDirectoryOrder) {
  // '-' (0x2D) < '/' (0x2F) < '0' (0x30): a tree walk by name would put "a/b" before "a-c".
  for (const char* key : {"a/b", "a-c", "a0", "a/a/z", "b", "A", "\xC3\xA9"}) ASSERT_TRUE(store_.put(key, ""));
  EXPECT_EQ(keys_of(store_.list_all("").value()),
            (std::vector<std::string>{"A", "a-c", "a/a/z", "a/b", "a0", "b", "\xC3\xA9"}));
}

TEST_F(LocalStoreTest, DelimiterListingGroupsAtTheNextSlash) {
  for (const char* key : {"root/x", "root/d1/a", "root/d1/b/c", "root/d2/a", "root/dz", "root-other/a", "rootfile"}) {
    ASSERT_TRUE(store_.put(key, "1"));
  }
  auto page = store_.list_page("root/", false, "").value();
  EXPECT_EQ(keys_of(page.objects), (std::vector<std::string>{"root/dz", "root/x"}));
  EXPECT_EQ(page.common_prefixes, (std::vector<std::string>{"root/d1/", "root/d2/"}));
  // A prefix that ends inside a name.
  auto partial = store_.list_page("root/d", false, "").value();
  EXPECT_EQ(keys_of(partial.objects), (std::vector<std::string>{"root/dz"}));
  EXPECT_EQ(partial.common_prefixes, (std::vector<std::string>{"root/d1/", "root/d2/"}));
  auto top = store_.list_page("", false, "").value();
  EXPECT_EQ(keys_of(top.objects), (std::vector<std::string>{"rootfile"}));
  EXPECT_EQ(top.common_prefixes, (std::vector<std::string>{"root-other/", "root/"}));
  // The visitor sees common prefixes among objects in key order.
  std::vector<std::string> visited;
  ASSERT_TRUE(store_.list("root/", false, [&](const ObjectInfo& o) -> Status {
    visited.push_back(o.key);
    return {};
  }));
  EXPECT_EQ(visited, (std::vector<std::string>{"root/d1/", "root/d2/", "root/dz", "root/x"}));
}

TEST_F(LocalStoreTest, DelimiterListingPagesThroughCommonPrefixes) {
  for (int i = 0; i < 1500; ++i) ASSERT_TRUE(store_.put("p/" + std::to_string(100000 + i) + "/obj", ""));
  ASSERT_TRUE(store_.put("p/zz", ""));
  auto first = store_.list_page("p/", false, "").value();
  EXPECT_EQ(first.common_prefixes.size(), 1000u);
  EXPECT_EQ(first.next_token, "p/100999/");
  auto second = store_.list_page("p/", false, first.next_token).value();
  EXPECT_EQ(second.common_prefixes.size(), 500u);
  EXPECT_EQ(second.common_prefixes.front(), "p/101000/");
  EXPECT_EQ(keys_of(second.objects), (std::vector<std::string>{"p/zz"}));
  EXPECT_TRUE(second.next_token.empty());
}

TEST_F(LocalStoreTest, ListingMatchesAReferenceModel) {
  std::mt19937 rng(42);
  const std::vector<std::string> parts = {"a", "b", "a-", "a.b", "x y", "+", "%", "é", "0", "ab"};
  std::set<std::string> keys;
  for (int i = 0; i < 400; ++i) {
    std::string key;
    const int depth = 1 + static_cast<int>(rng() % 3);
    for (int d = 0; d < depth; ++d) key += (d ? "/" : "") + parts[rng() % parts.size()] + std::to_string(rng() % 3);
    // A file system cannot hold "k" and "k/..." at once; keep the first of such pairs.
    bool conflict = false;
    for (const auto& k : keys) conflict |= key.starts_with(k + "/") || k.starts_with(key + "/");
    if (conflict || !store_.put(key, "")) continue;
    keys.insert(key);
  }
  for (const std::string prefix : {"", "a", "a0/", "a-", "x y1/b", "é"}) {
    std::vector<std::string> want;
    for (const auto& k : keys) if (k.starts_with(prefix)) want.push_back(k);
    EXPECT_EQ(keys_of(store_.list_all(prefix).value()), want) << "prefix " << prefix;
  }
}

TEST_F(LocalStoreTest, RemoveAndRemovePrefix) {
  for (int i = 0; i < 1200; ++i) ASSERT_TRUE(store_.put("del/" + std::to_string(i % 3) + "/" + std::to_string(i), ""));
  ASSERT_TRUE(store_.put("delx", "stays"));
  ASSERT_TRUE(store_.put("keep/a", "stays"));
  EXPECT_TRUE(store_.exists_prefix("del/").value());
  ASSERT_TRUE(store_.remove_prefix("del/"));
  EXPECT_FALSE(store_.exists_prefix("del/").value());
  EXPECT_TRUE(store_.stat("delx").value().has_value());
  EXPECT_FALSE(fs::exists(dir_.path() / "del"));  // emptied directories are pruned
  EXPECT_TRUE(store_.remove("missing/key"));       // a missing key is not an error
  ASSERT_TRUE(store_.remove("keep/a"));
  EXPECT_FALSE(fs::exists(dir_.path() / "keep"));
  EXPECT_TRUE(fs::exists(dir_.path()));  // never the base itself
  auto everything = store_.remove_prefix("");
  ASSERT_FALSE(everything);
  EXPECT_EQ(everything.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(store_.stat("delx").value().has_value());
}

TEST_F(LocalStoreTest, PruningStopsAtTheFloor) {
  LocalStore rooted(dir_.path(), dir_.path() / "floor");
  ASSERT_TRUE(rooted.put("floor/sub/leaf", ""));
  ASSERT_TRUE(rooted.remove("floor/sub/leaf"));
  EXPECT_FALSE(fs::exists(dir_.path() / "floor" / "sub"));
  EXPECT_TRUE(fs::exists(dir_.path() / "floor"));
}

TEST_F(LocalStoreTest, WriterAbortAndDestructionLeaveNothing) {
  {
    auto writer = store_.open_writer("w/aborted", std::nullopt).value();
    ASSERT_TRUE(writer->write(bytes("partial")));
    // In progress: the temp file exists but is neither an object nor listed.
    EXPECT_EQ(files_on_disk(), 1u);
    EXPECT_FALSE(store_.stat("w/aborted").value().has_value());
    EXPECT_TRUE(store_.list_all("").value().empty());
    EXPECT_TRUE(store_.list_page("", false, "").value().common_prefixes.empty());
    writer->abort();
  }
  {
    auto writer = store_.open_writer("w/dropped", 7).value();
    ASSERT_TRUE(writer->write(bytes("partial")));
  }  // destroyed without commit
  EXPECT_EQ(files_on_disk(), 0u);
  EXPECT_FALSE(store_.stat("w/dropped").value().has_value());
}

// A restore whose staging copy failed left restore-temp-*/ trees of empty directories behind.
TEST_F(LocalStoreTest, AnAbortedWriterLeavesNoDirectoriesItMade) {
  ASSERT_TRUE(store_.put("keep/a", "x"));
  {
    auto writer = store_.open_writer("keep/deep/er/aborted", std::nullopt).value();
    ASSERT_TRUE(writer->write(bytes("partial")));
    EXPECT_TRUE(fs::is_directory(dir_.path() / "keep/deep/er"));
    writer->abort();
  }
  EXPECT_FALSE(fs::exists(dir_.path() / "keep/deep"));
  EXPECT_TRUE(fs::exists(dir_.path() / "keep/a"));  // a directory still holding an object stays
  {
    auto dropped = store_.open_writer("gone/x/y", 3).value();
    ASSERT_TRUE(dropped->write(bytes("abc")));
  }  // destroyed without commit
  EXPECT_FALSE(fs::exists(dir_.path() / "gone"));
  EXPECT_TRUE(fs::is_directory(dir_.path()));  // never the store's own directory
}

// Issue 18: a create killed mid-copy left its temp files, which `delete` could not see.
TEST_F(LocalStoreTest, PartialWritesOfAKilledWriterAreFoundAndRemovedWithTheirPrefix) {
  {
    // The writer's own temp file is what is_partial_write recognises.
    auto writer = store_.open_writer("backup/b/binlogs/x", std::nullopt).value();
    ASSERT_TRUE(writer->write(bytes("partial")));
    std::vector<std::string> names;
    for (const auto& e : fs::recursive_directory_iterator(dir_.path())) {
      if (e.is_regular_file()) names.push_back(e.path().filename().string());
    }
    ASSERT_EQ(names.size(), 1u);
    EXPECT_TRUE(LocalStore::is_partial_write(names[0])) << names[0];
    EXPECT_TRUE(LocalStore::is_partial_write("backup/b/binlogs/" + names[0]));
    EXPECT_EQ(store_.list_partial_writes("backup/b/").value(),
              (std::vector<std::string>{"backup/b/binlogs/" + names[0]}));
  }
  EXPECT_FALSE(LocalStore::is_partial_write("backup/b/binlogs/x"));
  EXPECT_FALSE(LocalStore::is_partial_write(".mb-partial-"));
  EXPECT_FALSE(LocalStore::is_partial_write(".mb-partial-x/y"));

  // What a SIGKILLed writer leaves: temp files beside their keys, one where no object is.
  ASSERT_TRUE(store_.put("backup/b/binlogs/insert_log/1/f", "data"));
  ASSERT_TRUE(store_.put("backup/bb/keep", "other backup"));
  fs::create_directories(dir_.path() / "backup/b/binlogs/delta_log/2");
  for (const auto* rel : {"backup/b/binlogs/insert_log/1/.mb-partial-0001", "backup/b/binlogs/delta_log/2/.mb-partial-0002",
                          "backup/bb/.mb-partial-0003"}) {
    std::ofstream(dir_.path() / rel) << "half";
  }
  // Listings neither show them nor touch them (a writer may still be at work).
  EXPECT_EQ(keys_of(store_.list_all("backup/").value()),
            (std::vector<std::string>{"backup/b/binlogs/insert_log/1/f", "backup/bb/keep"}));
  EXPECT_TRUE(fs::exists(dir_.path() / "backup/bb/.mb-partial-0003"));
  auto partial = store_.list_partial_writes("backup/b/").value();
  std::sort(partial.begin(), partial.end());
  EXPECT_EQ(partial, (std::vector<std::string>{"backup/b/binlogs/delta_log/2/.mb-partial-0002",
                                               "backup/b/binlogs/insert_log/1/.mb-partial-0001"}));
  EXPECT_TRUE(store_.list_partial_writes("backup/none/").value().empty());

  ASSERT_TRUE(store_.remove_prefix("backup/b/"));
  EXPECT_FALSE(fs::exists(dir_.path() / "backup/b"));  // files and emptied directories gone
  EXPECT_EQ(store_.get("backup/bb/keep").value(), "other backup");
  EXPECT_TRUE(fs::exists(dir_.path() / "backup/bb/.mb-partial-0003"));
  ASSERT_TRUE(store_.remove_partial_writes("backup/bb/"));
  EXPECT_FALSE(fs::exists(dir_.path() / "backup/bb/.mb-partial-0003"));
  EXPECT_EQ(store_.get("backup/bb/keep").value(), "other backup");
}

TEST_F(LocalStoreTest, CommitReplacesAtomically) {
  ASSERT_TRUE(store_.put("c", "old"));
  auto writer = store_.open_writer("c", std::nullopt).value();
  ASSERT_TRUE(writer->write(bytes("new content")));
  EXPECT_EQ(store_.get("c").value(), "old");  // until commit
  ASSERT_TRUE(writer->commit());
  EXPECT_EQ(store_.get("c").value(), "new content");
  EXPECT_EQ(files_on_disk(), 1u);
  EXPECT_FALSE(writer->write(bytes("more")));
}

TEST_F(LocalStoreTest, InvalidAndConflictingKeys) {
  for (const char* key : {"", "/abs", "trailing/", "a//b", "a/./b", "../escape", "a/.."}) {
    auto put = store_.put(key, "x");
    ASSERT_FALSE(put) << key;
    EXPECT_EQ(put.error().code, ErrorCode::kInvalidArgument) << key;
  }
  ASSERT_TRUE(store_.put("file", "x"));
  auto under_file = store_.put("file/child", "x");
  ASSERT_FALSE(under_file);
  EXPECT_EQ(under_file.error().code, ErrorCode::kAlreadyExists);
  ASSERT_TRUE(store_.put("dir/child", "x"));
  auto over_dir = store_.put("dir", "x");
  ASSERT_FALSE(over_dir);
  EXPECT_EQ(over_dir.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(files_on_disk(), 2u);  // nothing left behind by the failures
}

TEST_F(LocalStoreTest, CopyFromAnotherLocalStore) {
  TempDir other_dir;
  LocalStore other(other_dir.path());
  ASSERT_TRUE(other.put("src/file", "payload"));
  EXPECT_EQ(other.identity(), store_.identity());
  ASSERT_TRUE(store_.copy_from(other, "src/file", "dst/copied", 7));
  EXPECT_EQ(store_.get("dst/copied").value(), "payload");
  auto missing = store_.copy_from(other, "src/none", "dst/none", 0);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().get("key"), "src/none");
  EXPECT_FALSE(store_.stat("dst/none").value().has_value());
  EXPECT_EQ(files_on_disk(), 1u);
}

}  // namespace
}  // namespace mb::storage
