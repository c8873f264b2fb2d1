// The lock a running `create` holds on its backup: one small JSON object under the backup's own
// prefix (<root>/<name>/backup.lock.json) naming its owner (host, pid, start time, run id) and
// refreshed while the run lasts, as restic's locks are. Another create of the same name refuses
// while the lock is live and resumes the half-written backup once it is stale; `gc` removes stale
// ones.
//
// Object stores have no compare-and-swap that every backend offers, so taking the lock is
// write-then-read-back: of two runs that write it at the same moment, the one whose write landed
// last keeps it, and the other sees a foreign run id and refuses.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "storage/object_store.h"
#include "util/error.h"

namespace mb::backup {


// "<backup dir>backup.lock.json"
std::string lock_key(std::string_view backup_dir);

struct LockOwner {
  std::string host{};
  int64_t pid = 0;
  int64_t started_unix = 0;    // seconds since epoch
  int64_t refreshed_unix = 0;  // last refresh
  std::string run_id{};

  // "host h, pid 1234, started 2026-12-06T21:40:02Z, refreshed 3 s ago"
  std::string describe(int64_t now_unix) const;
};

std::string encode_lock(const LockOwner& owner);
// Error(kCorrupt) naming the key when the object is not a lock.
Result<LockOwner> decode_lock(std::string_view text, std::string_view key);

// nullopt when there is no lock object.
Result<std::optional<LockOwner>> read_lock(storage::ObjectStore& store, std::string_view key);

// Stale: not refreshed for `stale_after`, or written on this host by a process that no longer
// runs (a SIGKILLed create is stale at once for a rerun on its machine), or by one before this
// process that had its pid.
bool lock_is_stale(const LockOwner& owner, int64_t now_unix, std::chrono::seconds stale_after);

std::string this_host();
int64_t unix_now();

// A held lock: refreshed every stale_after/5 (at least every second) by its own thread until
// release() or destruction. Destruction without release() leaves the object in place (its
// refreshes stop, so it turns stale), as a crash would.
class BackupLock {
 public:
  // Writes the lock, reads it back, and refuses (kAlreadyExists, naming the owner) when another
  // run's write won. The caller has checked that no live lock was there.
  static Result<std::unique_ptr<BackupLock>> acquire(storage::ObjectStore& store, std::string key,
                                                     std::chrono::seconds stale_after);
  ~BackupLock();
  BackupLock(const BackupLock&) = delete;
  BackupLock& operator=(const BackupLock&) = delete;

  // Stops refreshing and removes the lock object.
  Status release();
  const LockOwner& owner() const { return owner_; }

 private:
  BackupLock(storage::ObjectStore& store, std::string key, LockOwner owner, std::chrono::seconds refresh_every);
  void stop_refreshing();
  void refresh_loop(const std::stop_token& stop);

  storage::ObjectStore& store_;
  const std::string key_;
  LockOwner owner_;
  const std::chrono::seconds refresh_every_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread refresher_;
};

}  // namespace mb::backup
