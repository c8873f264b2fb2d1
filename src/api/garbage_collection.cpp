#include "api/garbage_collection.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "backup/backup_catalog.h"
#include "backup/backup_lock.h"
#include "meta/backup_layout.h"
#include "restore/staged_leftovers.h"
#include "storage/store_factory.h"

namespace mb::api {
namespace {

struct Census {
  uint64_t objects = 0;
  uint64_t bytes = 0;
  int64_t newest_mtime_unix = 0;
};

Result<Census> census(storage::ObjectStore& store, const std::string& prefix) {
  MB_TRY(objects, store.list_all(prefix, true));
  Census result;
  for (const auto& object : objects) {
    ++result.objects;
    result.bytes += object.size;
    result.newest_mtime_unix = std::max(result.newest_mtime_unix, object.mtime_unix);
  }
  return result;
}

class Collector {
 public:
  Collector(const config::Config& config, const GcOptions& options) : config_(config), options_(options) {}

  Result<GcReport> run() {
    const auto store_options = storage::store_options(config_.transfer);
    auto backup_store = storage::make_store(config_.backup.storage, store_options);
    if (!backup_store) return fail(wrap(std::move(backup_store).error(), "open the backup storage (backup.storage)"));
    auto milvus_store = storage::make_store(config_.milvus.storage, store_options);
    if (!milvus_store) return fail(wrap(std::move(milvus_store).error(), "open Milvus's storage (milvus.storage)"));
    MB_CHECK(backups(**backup_store));
    MB_CHECK(staged_files(**milvus_store));
    return std::move(report_);
  }

 private:
  bool old_enough(int64_t newest_mtime_unix) const {
    return newest_mtime_unix > 0 && now_ - newest_mtime_unix >= options_.older_than.count();
  }

  Status remove(storage::ObjectStore& store, Garbage& garbage) {
    if (!options_.apply) return {};
    auto removed = garbage.kind == GarbageKind::kStaleLock ? store.remove(garbage.prefix)
                                                           : store.remove_prefix(garbage.prefix);
    if (!removed) return fail(wrap(std::move(removed).error(), "gc: remove " + garbage.where));
    garbage.removed = true;
    return {};
  }

  Status backups(storage::ObjectStore& store) {
    const std::string root = storage::root_prefix(config_.backup.storage);
    MB_TRY(listed, backup::list_backups(store, root));
    const std::chrono::seconds stale_after(config_.backup.lock_stale_seconds);
    for (const auto& backup : listed) {
      const std::string dir = meta::backup_dir(root, backup.name);
      const std::string lock_key = backup::lock_key(dir);
      auto lock = backup::read_lock(store, lock_key);
      if (!lock) {
        // A lock we cannot read is not proof that nobody holds it.
        report_.kept.push_back(fmt::format("backup {}: {}", backup.name, lock.error().to_string()));
        continue;
      }
      const bool live = *lock && !backup::lock_is_stale(**lock, now_, stale_after);
      if (live) {
        report_.kept.push_back(fmt::format("backup {}: being written ({})", backup.name, (*lock)->describe(now_)));
        continue;
      }
      if (backup.complete) {
        if (!*lock) continue;
        Garbage garbage{.kind = GarbageKind::kStaleLock,
                        .where = store.describe() + "/" + lock_key,
                        .prefix = lock_key,
                        .objects = 1,
                        .age_seconds = now_ - (*lock)->refreshed_unix,
                        .detail = "lock of a complete backup, " + (*lock)->describe(now_)};
        MB_CHECK(remove(store, garbage));
        report_.found.push_back(std::move(garbage));
        continue;
      }
      MB_TRY(counted, census(store, dir));
      const int64_t age = counted.newest_mtime_unix > 0 ? now_ - counted.newest_mtime_unix : 0;
      if (!old_enough(counted.newest_mtime_unix)) {
        report_.kept.push_back(
            fmt::format("backup {}: half-written, but its newest file is {} s old (--older_than {})", backup.name, age,
                        options_.older_than.count()));
        continue;
      }
      Garbage garbage{.kind = GarbageKind::kHalfWrittenBackup,
                      .where = store.describe() + "/" + dir,
                      .prefix = dir,
                      .objects = counted.objects,
                      .bytes = counted.bytes,
                      .age_seconds = age,
                      .detail = (*lock ? "stale lock: " + (*lock)->describe(now_) : std::string("no lock")) +
                                (backup.problem.empty() ? "" : "; " + backup.problem)};
      MB_CHECK(remove(store, garbage));
      report_.found.push_back(std::move(garbage));
    }
    return {};
  }

  Status staged_files(storage::ObjectStore& store) {
    MB_TRY(dirs, restore::list_staged_dirs(store, config_.milvus.storage));
    for (const auto& dir : dirs) {
      const int64_t age = dir.newest_mtime_unix > 0 ? now_ - dir.newest_mtime_unix : 0;
      if (!restore::is_abandoned(dir, now_, options_.older_than)) {
        report_.kept.push_back(fmt::format("staged restore files {}: newest file {} s old (--older_than {})",
                                           dir.prefix, age, options_.older_than.count()));
        continue;
      }
      Garbage garbage{.kind = GarbageKind::kStagedFiles,
                      .where = store.describe() + "/" + dir.prefix,
                      .prefix = dir.prefix,
                      .objects = dir.objects,
                      .bytes = dir.bytes,
                      .age_seconds = age,
                      .detail = "a restore's staged copy of backup files, never imported or never removed"};
      MB_CHECK(remove(store, garbage));
      report_.found.push_back(std::move(garbage));
    }
    return {};
  }

  const config::Config& config_;
  const GcOptions& options_;
  const int64_t now_ = backup::unix_now();
  GcReport report_;
};

}  // namespace

std::string_view to_string(GarbageKind kind) {
  switch (kind) {
    case GarbageKind::kStaleLock: return "stale lock";
    case GarbageKind::kStagedFiles: return "staged restore files";
    case GarbageKind::kHalfWrittenBackup: break;
  }
  return "half-written backup";
}

Result<GcReport> collect_garbage(const config::Config& config, const GcOptions& options) {
  return Collector(config, options).run();
}

std::string render_gc_report(const GcReport& report, bool applied) {
  std::string text;
  for (const auto& garbage : report.found) {
    text += fmt::format("{} {} {} ({} file(s), {} bytes, {} s old: {})\n",
                        applied ? (garbage.removed ? "removed" : "NOT removed") : "would remove",
                        to_string(garbage.kind), garbage.where, garbage.objects, garbage.bytes, garbage.age_seconds,
                        garbage.detail);
  }
  for (const auto& kept : report.kept) text += "kept " + kept + "\n";
  if (report.found.empty()) text += "nothing to collect\n";
  if (!applied && !report.found.empty()) text += "dry run: nothing was removed; run again with --apply to remove it\n";
  return text;
}

}  // namespace mb::api
