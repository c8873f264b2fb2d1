#include "backup/backup_runner.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "backup/backup_lock.h"
#include "binlog_fixture.h"
#include "fake_milvus_client.h"
#include "memory_store.h"
#include "meta/backup_manifest.h"
#include "meta/meta_files.h"
#include "util/crc32c.h"

namespace mb::backup {
namespace {

using mb::testing::MemoryStore;
using testing::add_segment_files;
using testing::FakeCollection;
using testing::FakeMilvusClient;
using testing::flushed_segment;

// Remembers the order in which keys were written, and where durability barriers fell among them.
class RecordingStore : public MemoryStore {
 public:
  static constexpr const char* kBarrier = "<durable>";
  using MemoryStore::MemoryStore;
  Result<std::unique_ptr<storage::ObjectWriter>> open_writer(std::string_view key,
                                                             std::optional<uint64_t> size_hint) override {
    record(key);
    return MemoryStore::open_writer(key, size_hint);
  }
  Status make_durable() override {
    record(kBarrier);
    return {};
  }
  void record(std::string_view event) {
    std::lock_guard lock(order_mutex_);
    written.emplace_back(event);
  }
  std::vector<std::string> written;

 private:
  std::mutex order_mutex_;
};

const std::string kMilvusRoot = "files";
const std::string kBackupDir = "backup/nightly/";

milvus::common_pb::MsgPosition position(uint64_t timestamp) {
  milvus::common_pb::MsgPosition out;
  out.set_channel_name("dml_0");
  out.set_timestamp(timestamp);
  return out;
}

class BackupRunnerTest : public ::testing::Test {
 protected:
  BackupRunnerTest() {
    config_.milvus.storage.root_path = kMilvusRoot;
    config_.backup.storage.root_path = "backup";
    config_.backup.concurrency_collections = 2;
    config_.transfer.concurrency = 3;

    FakeCollection books;
    books.description.name = "books";
    books.description.id = 100;
    books.description.shards_num = 2;
    books.description.consistency_level = milvus::common_pb::Bounded;
    books.description.schema.set_name("books");
    auto* pk = books.description.schema.add_fields();
    pk->set_fieldid(100);
    pk->set_name("id");
    pk->set_is_primary_key(true);
    pk->set_data_type(milvus::schema_pb::Int64);
    auto* title = books.description.schema.add_fields();
    title->set_fieldid(101);
    title->set_name("title");
    title->set_data_type(milvus::schema_pb::VarChar);
    title->mutable_default_value()->set_string_data("untitled");
    books.description.properties = {{"collection.ttl.seconds", "0"}};
    books.partitions = {{"_default", 101, 0}, {"p2", 102, 0}};
    books.indexes = {{.index_name = "idx", .index_id = 9, .field_name = "title", .params = {{"index_type", "Trie"}}}};
    books.segments = {flushed_segment(100, 101, 1001, 30), flushed_segment(100, 102, 1002, 20)};
    auto sealed = flushed_segment(100, 101, 1003, 5);
    sealed.state = milvus::common_pb::Sealed;
    books.segments.push_back(sealed);
    books.flush.channel_checkpoints = {{"dml_0_100v0", position(448000000000000001ULL)}};
    books.flush.seal_time = 1700000000;
    client_.add_collection("default", books);
    bytes_ += add_segment_files(milvus_store_, kMilvusRoot,
                                {.collection = 100, .partition = 101, .segment = 1001, .fields = {0, 1, 100, 101},
                                 .files_per_field = 2});
    bytes_ += add_segment_files(milvus_store_, kMilvusRoot,
                                {.collection = 100, .partition = 102, .segment = 1002, .fields = {0, 1, 100, 101},
                                 .delta_files = 2});

    FakeCollection songs;
    songs.description.name = "songs";
    songs.description.id = 200;
    songs.description.schema.set_name("songs");
    songs.segments = {flushed_segment(200, 201, 2001, 3)};
    client_.add_collection("db2", songs);
    bytes_ += add_segment_files(milvus_store_, kMilvusRoot,
                                {.collection = 200, .partition = 201, .segment = 2001, .fields = {0, 1, 100}});
  }

  BackupEnvironment environment(storage::ObjectStore& backup_store) {
    return BackupEnvironment{
        .connect_milvus = [this]() -> Result<milvus::MilvusClient*> {
          ++connects_;
          return &client_;
        },
        .milvus_store = &milvus_store_,
        .backup_store = &backup_store,
        .gc = GcControl{.pause = [this](int, std::optional<int64_t>) -> Result<std::optional<std::string>> {
                          std::lock_guard lock(gc_mutex_);
                          gc_calls_.push_back("pause");
                          if (gc_pause_fails_) return fail(ErrorCode::kUnavailable, "connection refused");
                          return std::optional<std::string>();
                        },
                        .resume = [this](const std::optional<std::string>&) -> Status {
                          std::lock_guard lock(gc_mutex_);
                          gc_calls_.push_back("resume");
                          return {};
                        }},
        .gc_options = GcPauseOptions{.pause_length = std::chrono::seconds(3600),
                                     .renew_interval = std::chrono::hours(1),
                                     .required = config_.backup.pause_gc_required},
    };
  }

  Result<CreateResult> run(CreateOptions options, storage::ObjectStore* backup_store = nullptr,
                           const CancellationToken* cancel = nullptr) {
    if (options.name.empty()) options.name = "nightly";
    auto env = environment(backup_store ? *backup_store : backup_store_);
    return run_backup(config_, options, env, cancel, &progress_);
  }

  Result<meta::BackupInfo> read_meta(MemoryStore& store) {
    const auto objects = store.objects();
    return meta::decode_meta_files([&](std::string_view file) -> Result<std::optional<std::string>> {
      const auto it = objects.find(kBackupDir + "meta/" + std::string(file));
      if (it == objects.end()) return std::optional<std::string>();
      return std::optional<std::string>(it->second);
    });
  }

  std::vector<std::string> keys_under(MemoryStore& store, const std::string& prefix) {
    std::vector<std::string> keys;
    for (const auto& [key, data] : store.objects()) {
      if (key.starts_with(prefix)) keys.push_back(key);
    }
    return keys;
  }

  void expect_no_backup_left(MemoryStore& store) { EXPECT_TRUE(keys_under(store, kBackupDir).empty()); }

  void expect_gc_resumed() {
    std::lock_guard lock(gc_mutex_);
    ASSERT_EQ(gc_calls_.size(), 2u);
    EXPECT_EQ(gc_calls_[0], "pause");
    EXPECT_EQ(gc_calls_[1], "resume");
  }

  config::Config config_;
  FakeMilvusClient client_;
  MemoryStore milvus_store_{"milvus"};
  RecordingStore backup_store_{"backup"};
  BackupProgress progress_;
  int64_t bytes_ = 0;
  int connects_ = 0;
  std::mutex gc_mutex_;
  std::vector<std::string> gc_calls_;
  bool gc_pause_fails_ = false;
};

TEST_F(BackupRunnerTest, BacksUpEveryCollectionInTheGoToolsLayout) {
  auto result = run({});
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(result->name, "nightly");
  EXPECT_EQ(result->collections, 2u);
  EXPECT_EQ(result->files, 8u + 6u + 3u);
  EXPECT_EQ(result->size, bytes_);
  EXPECT_EQ(client_.flush_calls, 2);
  EXPECT_EQ(progress_.collections_done, 2u);
  EXPECT_EQ(progress_.copy.files_done, 17u);
  EXPECT_EQ(progress_.phase.load(), BackupPhase::kDone);
  expect_gc_resumed();

  // Every binlog byte for byte under the Go tool's key (group level = segment id).
  const auto objects = backup_store_.objects();
  EXPECT_EQ(objects.at("backup/nightly/binlogs/insert_log/100/101/1001/1001/101/1001008"),
            milvus_store_.objects().at("files/insert_log/100/101/1001/101/1001008"));
  EXPECT_EQ(objects.at("backup/nightly/binlogs/delta_log/100/102/1002/1002/1002006"),
            milvus_store_.objects().at("files/delta_log/100/102/1002/1002006"));
  EXPECT_EQ(keys_under(backup_store_, "backup/nightly/binlogs/").size(), 17u);
  EXPECT_TRUE(keys_under(backup_store_, "backup/nightly/binlogs/insert_log/100/101/1003/").empty());  // sealed

  // The meta: our manifest first (so level files without it are Go-made), full_meta.json last.
  std::vector<std::string> meta_order;
  for (const auto& key : backup_store_.written) {
    if (key.starts_with(kBackupDir + "meta/")) meta_order.push_back(key.substr(kBackupDir.size() + 5));
  }
  EXPECT_EQ(meta_order, (std::vector<std::string>{"milvus_backup_cpp.json", "backup_meta.json", "collection_meta.json",
                                                  "partition_meta.json", "segment_meta.json", "full_meta.json"}));
  // Durability barriers: after the data (before the first meta file), before full_meta.json and
  // at the end; none among the data files.
  const auto& events = backup_store_.written;
  std::vector<size_t> barriers;
  size_t first_meta = events.size();
  for (size_t i = 0; i < events.size(); ++i) {
    if (events[i] == RecordingStore::kBarrier) barriers.push_back(i);
    if (first_meta == events.size() && events[i].starts_with(kBackupDir + "meta/")) first_meta = i;
  }
  ASSERT_EQ(barriers.size(), 3u);
  EXPECT_EQ(barriers[0] + 1, first_meta);
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events[events.size() - 3], RecordingStore::kBarrier);
  EXPECT_EQ(events.back(), RecordingStore::kBarrier);
  EXPECT_EQ(events[events.size() - 2], kBackupDir + "meta/full_meta.json");

  auto info = read_meta(backup_store_);
  ASSERT_TRUE(info) << info.error().to_string();
  EXPECT_EQ(info->id, result->id);
  EXPECT_EQ(info->name, "nightly");
  EXPECT_EQ(info->milvus_version, "v2.3.5");
  EXPECT_EQ(info->size, bytes_);
  ASSERT_EQ(info->database_backups.size(), 2u);
  EXPECT_EQ(info->database_backups[0].db_name, "db2");
  EXPECT_EQ(info->database_backups[1].db_name, "default");
  ASSERT_EQ(info->collection_backups.size(), 2u);
  const auto& songs = info->collection_backups[0];
  EXPECT_EQ(songs.collection_name, "songs");
  EXPECT_EQ(songs.db_name, "db2");
  const auto& books = info->collection_backups[1];
  EXPECT_EQ(books.id, result->id);
  EXPECT_EQ(books.collection_id, 100);
  EXPECT_EQ(books.shards_num, 2);
  EXPECT_EQ(books.consistency_level, meta::ConsistencyLevel::kBounded);
  EXPECT_TRUE(books.has_index);
  ASSERT_EQ(books.index_infos.size(), 1u);
  EXPECT_EQ(books.index_infos[0].index_type, "Trie");
  EXPECT_EQ(books.load_state, "NotLoad");
  EXPECT_EQ(books.backup_timestamp, 448000000000000001ULL);
  EXPECT_EQ(books.backup_physical_timestamp, 1700000000u);
  EXPECT_EQ(books.channel_checkpoints.size(), 1u);
  ASSERT_EQ(books.properties.size(), 1u);
  ASSERT_TRUE(books.schema);
  ASSERT_EQ(books.schema->fields.size(), 2u);
  milvus::schema_pb::ValueField default_value;
  ASSERT_TRUE(default_value.ParseFromString(books.schema->fields[1].default_value));
  EXPECT_EQ(default_value.string_data(), "untitled");
  ASSERT_EQ(books.partition_backups.size(), 2u);
  EXPECT_EQ(books.partition_backups[0].segment_backups.size(), 1u);
  EXPECT_EQ(books.partition_backups[0].segment_backups[0].num_of_rows, 30);
  EXPECT_EQ(books.partition_backups[1].segment_backups[0].deltalogs[0].binlogs.size(), 2u);
  EXPECT_EQ(books.partition_backups[1].segment_backups[0].binlogs[0].binlogs[0].log_path,
            "files/insert_log/100/102/1002/0/1002001");

  // Our manifest: every file with its CRC32C.
  auto manifest = meta::decode_backup_manifest(objects.at(kBackupDir + "meta/milvus_backup_cpp.json"), "manifest");
  ASSERT_TRUE(manifest) << manifest.error().to_string();
  EXPECT_EQ(manifest->tool_version, MB_VERSION);
  EXPECT_LE(manifest->start_time_unix_ms, manifest->end_time_unix_ms);
  ASSERT_EQ(manifest->files.size(), 17u);
  for (const auto& file : manifest->files) {
    const auto& data = objects.at(kBackupDir + file.key);
    EXPECT_EQ(file.size, static_cast<int64_t>(data.size())) << file.key;
    EXPECT_EQ(file.crc32c, crc32c(data)) << file.key;
  }
}

TEST_F(BackupRunnerTest, ServerSideCopiesAreChecksummedToo) {
  MemoryStore same_store{"milvus"};  // same identity: the store copies by itself
  auto result = run({}, &same_store);
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(same_store.server_side_copies, 17);
  const auto objects = same_store.objects();
  auto manifest = meta::decode_backup_manifest(objects.at(kBackupDir + "meta/milvus_backup_cpp.json"), "manifest");
  ASSERT_TRUE(manifest);
  ASSERT_EQ(manifest->files.size(), 17u);
  for (const auto& file : manifest->files) EXPECT_EQ(file.crc32c, crc32c(objects.at(kBackupDir + file.key)));
}

TEST_F(BackupRunnerTest, RefusesAnExistingNameAndTouchesNothing) {
  backup_store_.set("backup/nightly/binlogs/leftover", "someone else's");
  auto result = run({});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(result.error().message, "backup with name nightly already exist");
  EXPECT_EQ(keys_under(backup_store_, kBackupDir), (std::vector<std::string>{"backup/nightly/binlogs/leftover"}));
  EXPECT_EQ(connects_, 0);
}

// A store that, as the local store, keeps what killed writers left under names listings hide.
class StoreWithPartialWrites : public MemoryStore {
 public:
  using MemoryStore::MemoryStore;
  Result<storage::ListPage> list_page(std::string_view prefix, bool recursive, std::string_view token) override {
    MB_TRY(page, MemoryStore::list_page(prefix, recursive, token));
    std::erase_if(page.objects, [](const auto& object) { return object.key.find("/.mb-partial-") != std::string::npos; });
    return page;
  }
  Result<std::vector<std::string>> list_partial_writes(std::string_view prefix) override {
    std::vector<std::string> keys;
    for (const auto& [key, data] : objects()) {
      if (key.starts_with(prefix) && key.find("/.mb-partial-") != std::string::npos) keys.push_back(key);
    }
    return keys;
  }
};

// Issue 18: a create killed mid-copy left partial files; a later create of the name kept them.
TEST_F(BackupRunnerTest, ACreateOverTheSameNameClearsPartialFilesOfAKilledOne) {
  StoreWithPartialWrites store("backup");
  store.set("backup/nightly/binlogs/insert_log/100/101/1001/1001/0/.mb-partial-1234", "half a file");
  auto result = run({}, &store);
  ASSERT_TRUE(result) << result.error().to_string();
  for (const auto& key : keys_under(store, kBackupDir)) EXPECT_EQ(key.find(".mb-partial-"), std::string::npos) << key;
  EXPECT_FALSE(keys_under(store, kBackupDir + "meta/full_meta.json").empty());
}

TEST_F(BackupRunnerTest, AFailureWhileReadingMilvusLeavesNothingAndResumesGc) {
  client_.fail_rpc("GetPersistentSegmentInfo", Error(ErrorCode::kUnavailable, "connection refused"));
  auto result = run({});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(result.error().message.find("backup nightly: list segments: connection refused"), std::string::npos)
      << result.error().message;
  EXPECT_FALSE(result.error().get("collection").empty());
  expect_no_backup_left(backup_store_);
  expect_gc_resumed();
}

TEST_F(BackupRunnerTest, ACopyFailureRemovesWhatWasCopied) {
  milvus_store_.fail_reads_of("files/insert_log/100/102/1002/101/1002004");
  auto result = run({});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(result.error().get("source_key"), "files/insert_log/100/102/1002/101/1002004");
  EXPECT_EQ(progress_.phase.load(), BackupPhase::kCleanup);
  expect_no_backup_left(backup_store_);
  expect_gc_resumed();
}

TEST_F(BackupRunnerTest, CancellationStopsCleansUpAndResumesGc) {
  // A flush that never finishes, cancelled while it is awaited.
  FakeCollection stuck;
  stuck.description.name = "stuck";
  stuck.description.id = 300;
  stuck.flush_state_polls_until_done = 1 << 30;
  client_.add_collection("default", stuck);
  CancellationToken cancel;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    cancel.cancel();
  });
  auto result = run({}, nullptr, &cancel);
  canceller.join();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kCancelled);
  expect_no_backup_left(backup_store_);
  expect_gc_resumed();
}

TEST_F(BackupRunnerTest, MetaOnlyCopiesNoDataAndNeedsNoGcPause) {
  auto result = run({.name = "", .filter = "", .strategy = "meta_only", .format = "", .rbac = false,
                     .backup_index_extra = false});
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(result->files, 0u);
  EXPECT_EQ(result->size, 0);
  EXPECT_EQ(client_.flush_calls, 0);
  EXPECT_TRUE(gc_calls_.empty());
  EXPECT_TRUE(keys_under(backup_store_, "backup/nightly/binlogs/").empty());
  auto info = read_meta(backup_store_);
  ASSERT_TRUE(info) << info.error().to_string();
  ASSERT_EQ(info->collection_backups.size(), 2u);
  EXPECT_EQ(info->collection_backups[1].partition_backups.size(), 2u);
  EXPECT_TRUE(info->collection_backups[1].partition_backups[0].segment_backups.empty());
}

TEST_F(BackupRunnerTest, SkipFlushCopiesWhatIsFlushedWithoutFlushing) {
  auto result = run({.name = "", .filter = "", .strategy = "skip_flush", .format = "", .rbac = false,
                     .backup_index_extra = false});
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(client_.flush_calls, 0);
  EXPECT_EQ(result->files, 17u);
  auto info = read_meta(backup_store_);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->collection_backups[1].backup_timestamp, 0u);
  EXPECT_TRUE(info->collection_backups[1].channel_checkpoints.empty());
}

TEST_F(BackupRunnerTest, FilterPicksCollectionsAndDatabases) {
  auto result = run({.name = "", .filter = "db2.*,default.", .strategy = "", .format = "", .rbac = false,
                     .backup_index_extra = false});
  ASSERT_TRUE(result) << result.error().to_string();
  auto info = read_meta(backup_store_);
  ASSERT_TRUE(info);
  ASSERT_EQ(info->collection_backups.size(), 1u);
  EXPECT_EQ(info->collection_backups[0].collection_name, "songs");
  EXPECT_EQ(info->database_backups.size(), 2u);
}

TEST_F(BackupRunnerTest, FilterNamingAnUnknownCollectionOrDatabaseFailsCleanly) {
  for (const auto* filter : {"default.nope", "nope", "nodb.*", "nodb.books", "nodb."}) {
    auto result = run({.name = "", .filter = filter, .strategy = "", .format = "", .rbac = false,
                       .backup_index_extra = false});
    ASSERT_FALSE(result) << filter;
    EXPECT_EQ(result.error().code, ErrorCode::kNotFound) << filter << ": " << result.error().to_string();
    EXPECT_NE(result.error().message.find("not found in milvus"), std::string::npos) << result.error().message;
    expect_no_backup_left(backup_store_);
  }
}

TEST_F(BackupRunnerTest, RefusesWhatItCannotDoBeforeCopyingAnything) {
  const std::vector<CreateOptions> refused = {
      {.name = "", .filter = "", .strategy = "bulk_flush", .format = "", .rbac = false, .backup_index_extra = false},
      {.name = "", .filter = "", .strategy = "", .format = "snapshot", .rbac = false, .backup_index_extra = false},
      {.name = "", .filter = "", .strategy = "", .format = "", .rbac = true, .backup_index_extra = false},
      {.name = "", .filter = "", .strategy = "", .format = "", .rbac = false, .backup_index_extra = true},
      {.name = "9starts_with_digit", .filter = "", .strategy = "", .format = "", .rbac = false,
       .backup_index_extra = false},
      {.name = "", .filter = "a.b.c", .strategy = "", .format = "", .rbac = false, .backup_index_extra = false},
  };
  for (const auto& options : refused) {
    auto result = run(options);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument) << result.error().to_string();
    EXPECT_TRUE(backup_store_.objects().empty()) << result.error().to_string();
  }
  auto bulk = run({.name = "", .filter = "", .strategy = "bulk_flush", .format = "", .rbac = false,
                   .backup_index_extra = false});
  EXPECT_NE(bulk.error().message.find("Milvus 2.3.5 does not have"), std::string::npos) << bulk.error().message;
}

TEST_F(BackupRunnerTest, AnUnpausableGcIsAWarningUnlessRequired) {
  gc_pause_fails_ = true;
  auto result = run({});
  ASSERT_TRUE(result) << result.error().to_string();

  config_.backup.pause_gc_required = true;
  auto required = run({.name = "second", .filter = "", .strategy = "", .format = "", .rbac = false,
                       .backup_index_extra = false});
  ASSERT_FALSE(required);
  EXPECT_NE(required.error().message.find("pause Milvus GC"), std::string::npos) << required.error().message;
  EXPECT_TRUE(keys_under(backup_store_, "backup/second/").empty());
}

TEST_F(BackupRunnerTest, NoGcCallsWhenPausingIsOff) {
  config_.backup.pause_gc = false;
  ASSERT_TRUE(run({}));
  EXPECT_TRUE(gc_calls_.empty());
}

TEST_F(BackupRunnerTest, AnAutomaticNameFollowsTheGoRule) {
  CreateOptions options;
  auto env = environment(backup_store_);
  auto result = run_backup(config_, options, env, nullptr, nullptr);
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_TRUE(result->name.starts_with("backup_")) << result->name;
  EXPECT_FALSE(keys_under(backup_store_, "backup/" + result->name + "/meta/full_meta.json").empty());
}

// What a create SIGKILLed mid-copy leaves: some binlogs, its lock (its pid gone), no meta.
class ResumeTest : public BackupRunnerTest {
 protected:
  void SetUp() override {
    MemoryStore reference{"reference"};
    ASSERT_TRUE(run({}, &reference));
    reference_ = reference.objects();
    files_before_ = progress_.copy.files_done.load();
    connects_ = 0;
    size_t taken = 0;
    for (const auto& [key, data] : reference_) {
      if (key.find("/binlogs/") == std::string::npos || taken++ % 2 != 0) continue;
      backup_store_.set(key, data);
      kept_keys_.push_back(key);
    }
  }
  void leave_lock(LockOwner owner) { backup_store_.set(lock_key(kBackupDir), encode_lock(owner)); }
  static LockOwner dead_owner() {
    const int64_t now = unix_now();
    return {.host = this_host(), .pid = 999999999, .started_unix = now, .refreshed_unix = now, .run_id = "dead"};
  }
  uint64_t copied_now() const { return progress_.copy.files_done.load() - files_before_; }
  std::map<std::string, std::string> reference_;
  std::vector<std::string> kept_keys_;
  uint64_t files_before_ = 0;
};

TEST_F(ResumeTest, ARerunKeepsTheFilesADeadRunCopiedAndCopiesTheRest) {
  leave_lock(dead_owner());
  // A file cut short, one rewritten with other bytes of the same size, and one the plan has no more.
  const std::string& short_key = kept_keys_[0];
  backup_store_.set(short_key, reference_.at(short_key).substr(1));
  const std::string& changed_key = kept_keys_[1];
  std::string changed = reference_.at(changed_key);
  changed[0] = static_cast<char>(changed[0] ^ 0x5a);
  backup_store_.set(changed_key, changed);
  backup_store_.set(kBackupDir + "binlogs/insert_log/100/101/999/999/100/1", "compacted away");
  backup_store_.set(kBackupDir + "meta/backup_meta.json", "{\"cut\":");

  auto result = run({});
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(result->files, 17u);
  const uint64_t kept = kept_keys_.size() - 2;
  EXPECT_EQ(copied_now(), 17u - kept);  // the kept ones were not copied again
  const auto objects = backup_store_.objects();
  for (const auto& [key, data] : reference_) {
    if (key.find("/binlogs/") == std::string::npos) continue;
    ASSERT_TRUE(objects.contains(key)) << key;
    EXPECT_EQ(objects.at(key), data) << key;
  }
  EXPECT_EQ(keys_under(backup_store_, kBackupDir + "binlogs/").size(), 17u);
  EXPECT_FALSE(objects.contains(lock_key(kBackupDir)));
  auto manifest = meta::decode_backup_manifest(objects.at(kBackupDir + "meta/milvus_backup_cpp.json"), "manifest");
  ASSERT_TRUE(manifest);
  ASSERT_EQ(manifest->files.size(), 17u);
  for (const auto& file : manifest->files) EXPECT_EQ(file.crc32c, crc32c(objects.at(kBackupDir + file.key)));
  ASSERT_TRUE(read_meta(backup_store_));
}

TEST_F(ResumeTest, ALockNotRefreshedForTheStaleTimeIsResumedFromAnyHost) {
  auto owner = dead_owner();
  owner.host = "elsewhere";
  owner.pid = 1;
  owner.refreshed_unix = unix_now() - config_.backup.lock_stale_seconds - 1;
  leave_lock(owner);
  ASSERT_TRUE(run({}));
  EXPECT_EQ(copied_now(), 17u - kept_keys_.size());
}

TEST_F(ResumeTest, ALiveLockRefusesAndNamesItsOwner) {
  auto owner = dead_owner();
  owner.pid = static_cast<int64_t>(::getpid());
  leave_lock(owner);
  const auto before = backup_store_.objects();
  auto result = run({});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kAlreadyExists);
  EXPECT_NE(result.error().message.find("being written by another create (host " + this_host() + ", pid " +
                                        std::to_string(::getpid())),
            std::string::npos)
      << result.error().message;
  EXPECT_EQ(backup_store_.objects(), before);
  EXPECT_EQ(connects_, 0);
}

TEST_F(ResumeTest, NoResumeStartsOver) {
  leave_lock(dead_owner());
  CreateOptions options;
  options.no_resume = true;
  ASSERT_TRUE(run(options));
  EXPECT_EQ(copied_now(), 17u);
}

TEST_F(BackupRunnerTest, TheLockIsTakenBeforeAnyFileAndReleasedAtTheEnd) {
  ASSERT_TRUE(run({}));
  ASSERT_FALSE(backup_store_.written.empty());
  EXPECT_EQ(backup_store_.written.front(), lock_key(kBackupDir));
  EXPECT_FALSE(backup_store_.objects().contains(lock_key(kBackupDir)));
}

TEST_F(BackupRunnerTest, AHalfWrittenPrefixWithoutOurLockIsRefusedUnlessNoResume) {
  backup_store_.set(kBackupDir + "binlogs/leftover", "someone else's");
  auto refused = run({});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().to_string().find("--no_resume replaces it"), std::string::npos);
  CreateOptions options;
  options.no_resume = true;
  ASSERT_TRUE(run(options));
  EXPECT_FALSE(backup_store_.objects().contains(kBackupDir + "binlogs/leftover"));
}

}  // namespace
}  // namespace mb::backup
