#include "backup/backup_lock.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <thread>

#include "memory_store.h"

namespace mb::backup {
namespace {

LockOwner owner_now() {
  const int64_t now = unix_now();
  return {.host = this_host(), .pid = static_cast<int64_t>(::getpid()), .started_unix = now,
          .refreshed_unix = now, .run_id = "run-1"};
}

TEST(BackupLock, RoundTripsItsOwner) {
  const LockOwner owner = owner_now();
  auto decoded = decode_lock(encode_lock(owner), "k");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(decoded->host, owner.host);
  EXPECT_EQ(decoded->pid, owner.pid);
  EXPECT_EQ(decoded->started_unix, owner.started_unix);
  EXPECT_EQ(decoded->refreshed_unix, owner.refreshed_unix);
  EXPECT_EQ(decoded->run_id, "run-1");
}

TEST(BackupLock, SomethingElseUnderItsKeyIsCorrupt) {
  for (const std::string text : {"", "[]", "{\"host\":\"h\"}", "{\"host\":1,\"pid\":1,\"started_unix\":1,"
                                                              "\"refreshed_unix\":1,\"run_id\":\"r\"}"}) {
    auto decoded = decode_lock(text, "b/backup.lock.json");
    ASSERT_FALSE(decoded) << text;
    EXPECT_EQ(decoded.error().code, ErrorCode::kCorrupt);
    EXPECT_EQ(decoded.error().get("key"), "b/backup.lock.json");
  }
}

TEST(BackupLock, StaleWhenNotRefreshedOrWhenItsProcessIsGoneOnThisHost) {
  const std::chrono::seconds stale_after(60);
  LockOwner owner = owner_now();
  EXPECT_FALSE(lock_is_stale(owner, owner.refreshed_unix + 59, stale_after));
  EXPECT_TRUE(lock_is_stale(owner, owner.refreshed_unix + 60, stale_after));
  owner.pid = 999999999;  // above any pid_max: no such process
  EXPECT_TRUE(lock_is_stale(owner, owner.refreshed_unix, stale_after));
  owner.host = "another-host";  // there, only the refresh time can tell
  EXPECT_FALSE(lock_is_stale(owner, owner.refreshed_unix + 1, stale_after));
}

TEST(BackupLock, StaleWhenThisProcessHasThePidOfTheOneThatTookIt) {
  // A server restarted in a container runs as pid 1 again, on the same host name.
  LockOwner owner = owner_now();
  owner.started_unix = 1;  // long before this process started
  EXPECT_TRUE(lock_is_stale(owner, owner.refreshed_unix, std::chrono::seconds(60)));
}

TEST(BackupLock, AcquireWritesItRefreshesItAndReleaseRemovesIt) {
  mb::testing::MemoryStore store;
  auto lock = BackupLock::acquire(store, "b/backup.lock.json", std::chrono::seconds(5));  // refresh every 1 s
  ASSERT_TRUE(lock) << lock.error().to_string();
  auto first = read_lock(store, "b/backup.lock.json");
  ASSERT_TRUE(first && *first);
  EXPECT_EQ((*first)->pid, static_cast<int64_t>(::getpid()));
  EXPECT_EQ((*first)->host, this_host());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  int64_t refreshed = (*first)->refreshed_unix;
  while (refreshed == (*first)->refreshed_unix && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto again = read_lock(store, "b/backup.lock.json");
    ASSERT_TRUE(again && *again);
    refreshed = (*again)->refreshed_unix;
  }
  EXPECT_GT(refreshed, (*first)->refreshed_unix);
  ASSERT_TRUE((*lock)->release());
  auto gone = read_lock(store, "b/backup.lock.json");
  ASSERT_TRUE(gone);
  EXPECT_FALSE(*gone);
}

// Of two runs that write the lock at once, the one whose write lands last keeps it.
class OverwritingStore : public mb::testing::MemoryStore {
 public:
  Result<std::unique_ptr<storage::ObjectWriter>> open_writer(std::string_view key,
                                                             std::optional<uint64_t> size_hint) override {
    if (!overwritten_) {
      overwritten_ = true;
      auto other = owner_now();
      other.run_id = "the-other-run";
      auto writer = MemoryStore::open_writer(key, size_hint);
      // The other run's write lands right after ours.
      other_ = std::jthread([this, key = std::string(key), text = encode_lock(other)] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        set(key, text);
      });
      return writer;
    }
    return MemoryStore::open_writer(key, size_hint);
  }

 private:
  bool overwritten_ = false;
  std::jthread other_;
};

TEST(BackupLock, ARunWhoseWriteWasOverwrittenRefuses) {
  OverwritingStore store;
  auto lock = BackupLock::acquire(store, "b/backup.lock.json", std::chrono::seconds(60));
  ASSERT_FALSE(lock);
  EXPECT_EQ(lock.error().code, ErrorCode::kAlreadyExists);
  EXPECT_NE(lock.error().message.find("pid " + std::to_string(::getpid())), std::string::npos)
      << lock.error().message;
}

}  // namespace
}  // namespace mb::backup
