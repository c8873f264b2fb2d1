#include "api/garbage_collection.h"

#include <gtest/gtest.h>

#include "../restore/fake_milvus_client.h"
#include "backup/backup_lock.h"
#include "memory_store.h"
#include "meta/meta_files.h"
#include "restore/restore_journal.h"

namespace mb::api {
namespace {

using mb::testing::MemoryStore;
using restore::testing::FakeMilvusClient;

constexpr std::chrono::seconds kThreshold{3600};
constexpr const char* kTemp = "books_mbtmp_0123456789abcdef";  // restore r0123456789abcdef
constexpr const char* kRestoreId = "r0123456789abcdef";

uint64_t tso_at(int64_t unix_seconds) { return static_cast<uint64_t>(unix_seconds * 1000) << 18; }

class GarbageCollectionTest : public ::testing::Test {
 protected:
  GarbageCollectionTest() {
    config_.backup.storage.root_path = "backup";
    config_.milvus.grpc_address = "milvus-a";
    config_.milvus.grpc_port = 19530;
    milvus_.databases = {"default", "db1"};
    write_complete_backup("b1");
  }

  void add_collection(const std::string& qualified, int64_t created_unix) {
    milvus_.collections.insert(qualified);
    milvus_.created_timestamps[qualified] = tso_at(created_unix);
  }

  void write_complete_backup(const std::string& name) {
    meta::BackupInfo info;
    info.id = "id-" + name;
    info.name = name;
    for (const auto& [file, content] : meta::encode_meta_files(info, meta::BackupManifest{})) {
      backup_store_.set("backup/" + name + "/meta/" + file, content);
    }
  }

  // The journal restore `kRestoreId` would keep beside backup b1, last written at `updated_unix`.
  std::string write_journal(int64_t updated_unix) {
    const std::string key = restore::journal_key("backup/b1/", kRestoreId);
    backup_store_.set(key, restore::encode_journal({.restore_id = kRestoreId,
                                                    .backup_name = "b1",
                                                    .backup_id = "id-b1",
                                                    .target_milvus = "milvus-a:19530",
                                                    .started_unix = updated_unix,
                                                    .updated_unix = updated_unix}));
    return key;
  }

  GcReport collect(bool apply, Result<milvus::MilvusClient*> milvus) {
    auto report = collect_garbage(config_, GcOptions{.apply = apply, .older_than = kThreshold},
                                  GcEnvironment{backup_store_, milvus_store_, std::move(milvus)});
    EXPECT_TRUE(report) << report.error().to_string();
    return report ? *report : GcReport{};
  }
  GcReport collect(bool apply) { return collect(apply, &milvus_); }

  config::Config config_;
  MemoryStore backup_store_{"backups"};
  MemoryStore milvus_store_{"milvus"};
  FakeMilvusClient milvus_;
  const int64_t now_ = backup::unix_now();
};

TEST_F(GarbageCollectionTest, DropsAnOldTemporaryCollectionOfARestoreThatLeftNoJournal) {
  add_collection(std::string("db1.") + kTemp, now_ - 7200);
  add_collection("db1.books", now_ - 7200);

  const GcReport dry = collect(false);
  ASSERT_EQ(dry.found.size(), 1u) << render_gc_report(dry, false);
  EXPECT_EQ(dry.found[0].kind, GarbageKind::kTempCollection);
  EXPECT_EQ(dry.found[0].where, std::string("milvus milvus-a:19530 db1.") + kTemp);
  EXPECT_EQ(dry.found[0].prefix, std::string("db1.") + kTemp);
  EXPECT_GE(dry.found[0].age_seconds, 7200);
  EXPECT_NE(dry.found[0].detail.find(std::string("restore ") + kRestoreId + ", no journal"), std::string::npos)
      << dry.found[0].detail;
  EXPECT_FALSE(dry.found[0].removed);
  EXPECT_FALSE(dry.milvus_error);
  EXPECT_TRUE(milvus_.collections.contains(std::string("db1.") + kTemp));  // a dry run drops nothing
  const std::string text = render_gc_report(dry, false);
  EXPECT_NE(text.find(std::string("would remove temporary restore collection milvus milvus-a:19530 db1.") + kTemp +
                      " ("),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("file(s)"), std::string::npos) << text;

  const GcReport applied = collect(true);
  ASSERT_EQ(applied.found.size(), 1u);
  EXPECT_TRUE(applied.found[0].removed);
  EXPECT_EQ(milvus_.calls, (std::vector<std::string>{std::string("drop_collection db1.") + kTemp}));
  EXPECT_EQ(milvus_.collections, (std::set<std::string>{"db1.books"}));
}

TEST_F(GarbageCollectionTest, TouchesOnlyNamesThatAreExactlyATemporaryName) {
  for (const char* name : {"books", "books_mbtmp_0123456789ABCDEF", "books_mbtmp_0123456789abcde",
                           "books_mbtmp_0123456789abcdef0", "books_mbtmp_0123456789abcdeg", "_mbtmp_0123456789abcdef",
                           "books_mbtmp_0123456789abcdef_x", "books-mbtmp-0123456789abcdef"}) {
    add_collection(std::string("default.") + name, now_ - 7200);
  }
  const GcReport applied = collect(true);
  EXPECT_TRUE(applied.found.empty()) << render_gc_report(applied, true);
  EXPECT_TRUE(applied.kept.empty()) << render_gc_report(applied, true);
  EXPECT_TRUE(milvus_.calls.empty());
  EXPECT_EQ(milvus_.collections.size(), 8u);
}

TEST_F(GarbageCollectionTest, KeepsATemporaryCollectionCreatedWithinTheThreshold) {
  add_collection(std::string("default.") + kTemp, now_ - 60);
  const GcReport applied = collect(true);
  EXPECT_TRUE(applied.found.empty());
  ASSERT_EQ(applied.kept.size(), 1u);
  EXPECT_NE(applied.kept[0].find(std::string("temporary restore collection milvus milvus-a:19530 default.") + kTemp +
                                 ": created "),
            std::string::npos)
      << applied.kept[0];
  EXPECT_TRUE(milvus_.calls.empty());
}

TEST_F(GarbageCollectionTest, KeepsOneWhoseMilvusDoesNotSayWhenItWasCreated) {
  milvus_.collections.insert(std::string("default.") + kTemp);  // no created timestamp
  const GcReport applied = collect(true);
  EXPECT_TRUE(applied.found.empty());
  EXPECT_EQ(applied.kept.size(), 1u);
  EXPECT_TRUE(milvus_.calls.empty());
}

TEST_F(GarbageCollectionTest, AJournalWrittenWithinTheThresholdProtectsItsRestoresTemporaryCollections) {
  add_collection(std::string("default.") + kTemp, now_ - 7200);
  add_collection("db1.films_mbtmp_0123456789abcdef", now_ - 7200);  // the same restore's other target
  const std::string key = write_journal(now_ - 60);

  const GcReport applied = collect(true);
  EXPECT_TRUE(applied.found.empty()) << render_gc_report(applied, true);
  ASSERT_EQ(applied.kept.size(), 2u);
  EXPECT_NE(applied.kept[0].find("its restore's journal " + key + " was updated "), std::string::npos)
      << applied.kept[0];
  EXPECT_TRUE(milvus_.calls.empty());
}

TEST_F(GarbageCollectionTest, AJournalNotWrittenWithinTheThresholdDoesNotProtect) {
  add_collection(std::string("default.") + kTemp, now_ - 7200);
  const std::string key = write_journal(now_ - 5000);
  const GcReport applied = collect(true);
  ASSERT_EQ(applied.found.size(), 1u);
  EXPECT_TRUE(applied.found[0].removed);
  EXPECT_NE(applied.found[0].detail.find("its journal " + key + " last updated "), std::string::npos)
      << applied.found[0].detail;
  EXPECT_FALSE(milvus_.collections.contains(std::string("default.") + kTemp));
}

TEST_F(GarbageCollectionTest, AJournalThatCannotBeReadProtectsItsRestore) {
  add_collection(std::string("default.") + kTemp, now_ - 7200);
  backup_store_.set(restore::journal_key("backup/b1/", kRestoreId), "not json");
  const GcReport applied = collect(true);
  EXPECT_TRUE(applied.found.empty());
  ASSERT_EQ(applied.kept.size(), 1u);
  EXPECT_NE(applied.kept[0].find("restore journal"), std::string::npos) << applied.kept[0];
  EXPECT_TRUE(milvus_.calls.empty());
}

// A complete backup with the lock of a create killed after its last meta file: storage garbage.
void leave_stale_lock(MemoryStore& store) {
  store.set(backup::lock_key("backup/b1/"),
            R"({"host":"elsewhere","pid":1,"started_unix":1,"refreshed_unix":1,"run_id":"x"})");
}

TEST_F(GarbageCollectionTest, AnUnreachableMilvusIsReportedAndStorageIsCollectedAllTheSame) {
  leave_stale_lock(backup_store_);
  const GcReport applied = collect(true, fail(Error(ErrorCode::kUnavailable, "connection refused")));
  ASSERT_EQ(applied.found.size(), 1u);
  EXPECT_EQ(applied.found[0].kind, GarbageKind::kStaleLock);
  EXPECT_TRUE(applied.found[0].removed);
  ASSERT_TRUE(applied.milvus_error);
  EXPECT_EQ(applied.milvus_error->code, ErrorCode::kUnavailable);
  EXPECT_EQ(applied.milvus_error->message, "connect to Milvus: connection refused");
  const std::string text = render_gc_report(applied, true);
  EXPECT_NE(text.find("NOT checked: temporary restore collections in Milvus: connect to Milvus: connection refused"),
            std::string::npos)
      << text;
}

TEST_F(GarbageCollectionTest, AMilvusCallThatFailsIsReportedAndStorageIsCollectedAllTheSame) {
  leave_stale_lock(backup_store_);
  milvus_.show_collections_error = Error(ErrorCode::kMilvus, "not ready");
  const GcReport dry = collect(false);
  ASSERT_EQ(dry.found.size(), 1u);
  EXPECT_EQ(dry.found[0].kind, GarbageKind::kStaleLock);
  ASSERT_TRUE(dry.milvus_error);
  EXPECT_EQ(dry.milvus_error->message, "list the collections of database default: not ready");
  EXPECT_EQ(render_gc_report(GcReport{.milvus_error = dry.milvus_error}, false),
            "NOT checked: temporary restore collections in Milvus: list the collections of database default: not "
            "ready\nnothing to collect in storage\n");
}

}  // namespace
}  // namespace mb::api
