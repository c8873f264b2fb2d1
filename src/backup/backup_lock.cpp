#include "backup/backup_lock.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <csignal>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "meta/backup_layout.h"
#include "util/random_id.h"

namespace mb::backup {
namespace {

bool process_runs(int64_t pid) {
  if (pid <= 0) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

// When this process started, in unix seconds: the boot time of /proc/stat plus the start of
// /proc/self/stat (clock ticks after boot), both rounded down, so that no lock this process took
// looks older. 0 when unknown.
int64_t this_process_started_unix() {
  std::ifstream stat("/proc/self/stat");
  std::string line;
  std::getline(stat, line);
  // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
  std::istringstream fields(line.substr(line.rfind(')') + 1));
  int64_t ticks_after_boot = 0;
  std::string skipped;
  for (int field = 3; field < 22; ++field) fields >> skipped;
  if (!(fields >> ticks_after_boot)) return 0;  // field 22: starttime
  std::ifstream boot("/proc/stat");
  for (std::string key; boot >> key;) {
    if (key != "btime") continue;
    int64_t boot_unix = 0;
    boot >> boot_unix;
    const long ticks_per_second = ::sysconf(_SC_CLK_TCK);
    return ticks_per_second > 0 && ticks_after_boot > 0 ? boot_unix + ticks_after_boot / ticks_per_second : 0;
  }
  return 0;
}

std::string utc_time(int64_t unix_seconds) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(static_cast<std::time_t>(unix_seconds)));
}

}  // namespace

std::string lock_key(std::string_view backup_dir) { return std::string(backup_dir) + std::string(meta::kBackupLockFileName); }

std::string LockOwner::describe(int64_t now_unix) const {
  return fmt::format("host {}, pid {}, started {}, refreshed {} s ago", host, pid, utc_time(started_unix),
                     std::max<int64_t>(now_unix - refreshed_unix, 0));
}

std::string encode_lock(const LockOwner& owner) {
  return nlohmann::json{{"host", owner.host},
                        {"pid", owner.pid},
                        {"started_unix", owner.started_unix},
                        {"refreshed_unix", owner.refreshed_unix},
                        {"run_id", owner.run_id}}
      .dump();
}

Result<LockOwner> decode_lock(std::string_view text, std::string_view key) {
  const auto json = nlohmann::json::parse(text, nullptr, false);
  auto corrupt = [&] {
    return fail(Error(ErrorCode::kCorrupt, "the backup lock object is not a lock written by this tool")
                    .with("key", std::string(key)));
  };
  if (!json.is_object()) return corrupt();
  LockOwner owner;
  const auto text_of = [&](const char* name, std::string& into) {
    const auto it = json.find(name);
    if (it == json.end() || !it->is_string()) return false;
    into = it->get<std::string>();
    return true;
  };
  const auto number_of = [&](const char* name, int64_t& into) {
    const auto it = json.find(name);
    if (it == json.end() || !it->is_number_integer()) return false;
    into = it->get<int64_t>();
    return true;
  };
  if (!text_of("host", owner.host) || !text_of("run_id", owner.run_id) || !number_of("pid", owner.pid) ||
      !number_of("started_unix", owner.started_unix) || !number_of("refreshed_unix", owner.refreshed_unix)) {
    return corrupt();
  }
  return owner;
}

Result<std::optional<LockOwner>> read_lock(storage::ObjectStore& store, std::string_view key) {
  MB_TRY(info, store.stat(key));
  if (!info) return std::optional<LockOwner>{};
  auto text = store.get(key);
  if (!text) {
    // Removed between the stat and the read: the run released it.
    if (text.error().code == ErrorCode::kNotFound) return std::optional<LockOwner>{};
    return fail(wrap(std::move(text).error(), "read the backup lock").with("key", std::string(key)));
  }
  MB_TRY(owner, decode_lock(*text, key));
  return std::optional<LockOwner>(std::move(owner));
}

bool lock_is_stale(const LockOwner& owner, int64_t now_unix, std::chrono::seconds stale_after) {
  if (owner.host == this_host()) {
    if (!process_runs(owner.pid)) return true;
    // Our own pid on a lock taken before we started: a process before us had the pid, as a
    // container's pid 1 has after a restart (a server resuming the create it was killed in).
    if (owner.pid == ::getpid() && owner.started_unix < this_process_started_unix()) return true;
  }
  return now_unix - owner.refreshed_unix >= stale_after.count();
}

std::string this_host() {
  char name[256] = {};
  if (::gethostname(name, sizeof(name) - 1) != 0) return "unknown";
  return name;
}

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<std::unique_ptr<BackupLock>> BackupLock::acquire(storage::ObjectStore& store, std::string key,
                                                        std::chrono::seconds stale_after) {
  const int64_t now = unix_now();
  LockOwner owner{.host = this_host(),
                  .pid = static_cast<int64_t>(::getpid()),
                  .started_unix = now,
                  .refreshed_unix = now,
                  .run_id = random_uuid()};
  if (auto put = store.put(key, encode_lock(owner)); !put) {
    return fail(wrap(std::move(put).error(), "write the backup lock").with("key", key));
  }
  // A run that wrote at the same moment has had its write land by now, or it reads ours back.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  MB_TRY(holder, read_lock(store, key));
  if (!holder || holder->run_id != owner.run_id) {
    return fail(Error(ErrorCode::kAlreadyExists, "another create of this backup took its lock at the same moment" +
                                                     (holder ? " (" + holder->describe(unix_now()) + ")" : ""))
                    .with("key", key));
  }
  const auto refresh_every = std::max(std::chrono::seconds(1), stale_after / 5);
  return std::unique_ptr<BackupLock>(new BackupLock(store, std::move(key), std::move(owner), refresh_every));
}

BackupLock::BackupLock(storage::ObjectStore& store, std::string key, LockOwner owner,
                       std::chrono::seconds refresh_every)
    : store_(store), key_(std::move(key)), owner_(std::move(owner)), refresh_every_(refresh_every) {
  refresher_ = std::jthread([this](const std::stop_token& stop) { refresh_loop(stop); });
}

BackupLock::~BackupLock() { stop_refreshing(); }

void BackupLock::stop_refreshing() {
  if (!refresher_.joinable()) return;
  refresher_.request_stop();
  wake_.notify_all();
  refresher_.join();
}

void BackupLock::refresh_loop(const std::stop_token& stop) {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, stop, refresh_every_, [&stop] { return stop.stop_requested(); })) {
    owner_.refreshed_unix = unix_now();
    if (auto put = store_.put(key_, encode_lock(owner_)); !put) {
      // A store outage: the copies wait it out too; the next refresh tries again.
      spdlog::warn("could not refresh the backup lock key={} error={}", key_, put.error().to_string());
    }
  }
}

Status BackupLock::release() {
  stop_refreshing();
  if (auto removed = store_.remove(key_); !removed) {
    return fail(wrap(std::move(removed).error(), "remove the backup lock").with("key", key_));
  }
  return {};
}

}  // namespace mb::backup
