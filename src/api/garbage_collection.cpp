#include "api/garbage_collection.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <memory>

#include "backup/backup_catalog.h"
#include "backup/backup_lock.h"
#include "meta/backup_layout.h"
#include "milvus/grpc_channel.h"
#include "milvus/grpc_milvus_client.h"
#include "restore/restore_journal.h"
#include "restore/staged_leftovers.h"
#include "restore/temp_collections.h"
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

// The newest journal of a restore found under the backups of the root.
struct JournalSighting {
  std::string key{};
  int64_t updated_unix = 0;
};

class Collector {
 public:
  Collector(const config::Config& config, const GcOptions& options)
      : config_(config), options_(options), backup_root_(storage::root_prefix(config.backup.storage)) {}

  Result<GcReport> run(const GcEnvironment& env) {
    MB_TRY(listed, backup::list_backups(env.backup_store, backup_root_));
    MB_CHECK(backups(env.backup_store, listed));
    MB_CHECK(staged_files(env.milvus_store));
    // Milvus last, and its failure only noted: what storage holds is collected whether or not
    // Milvus can be reached.
    if (!env.milvus) {
      report_.milvus_error = wrap(env.milvus.error(), "connect to Milvus");  // the error names its address
    } else if (auto checked = temp_collections(**env.milvus, env.backup_store, listed); !checked) {
      report_.milvus_error = std::move(checked).error();
    }
    return std::move(report_);
  }

 private:
  bool old_enough(int64_t newest_mtime_unix) const {
    return newest_mtime_unix > 0 && now_ - newest_mtime_unix >= options_.older_than.count();
  }

  std::string milvus_address() const { return milvus::grpc_target(config_.milvus); }

  Status remove(storage::ObjectStore& store, Garbage& garbage) {
    if (!options_.apply) return {};
    auto removed = garbage.kind == GarbageKind::kStaleLock ? store.remove(garbage.prefix)
                                                           : store.remove_prefix(garbage.prefix);
    if (!removed) return fail(wrap(std::move(removed).error(), "gc: remove " + garbage.where));
    garbage.removed = true;
    return {};
  }

  Status backups(storage::ObjectStore& store, const std::vector<backup::BackupListing>& listed) {
    const std::chrono::seconds stale_after(config_.backup.lock_stale_seconds);
    for (const auto& backup : listed) {
      const std::string dir = meta::backup_dir(backup_root_, backup.name);
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

  Status temp_collections(milvus::MilvusClient& client, storage::ObjectStore& backup_store,
                          const std::vector<backup::BackupListing>& listed) {
    MB_TRY(found, restore::list_temp_collections(client));
    for (const auto& temp : found) {
      const std::string where = fmt::format("milvus {} {}.{}", milvus_address(), temp.db, temp.name);
      const int64_t age = temp.created_unix > 0 ? now_ - temp.created_unix : 0;
      if (!old_enough(temp.created_unix)) {
        report_.kept.push_back(fmt::format("temporary restore collection {}: created {} s ago (--older_than {})",
                                           where, age, options_.older_than.count()));
        continue;
      }
      auto journal = newest_journal(backup_store, listed, temp.restore_id);
      if (!journal) {
        // A journal we cannot read is not proof that its restore stopped.
        report_.kept.push_back(
            fmt::format("temporary restore collection {}: {}", where, journal.error().to_string()));
        continue;
      }
      const int64_t journal_age = *journal ? now_ - (*journal)->updated_unix : 0;
      if (*journal && journal_age < options_.older_than.count()) {
        report_.kept.push_back(
            fmt::format("temporary restore collection {}: its restore's journal {} was updated {} s ago "
                        "(--older_than {})",
                        where, (*journal)->key, journal_age, options_.older_than.count()));
        continue;
      }
      Garbage garbage{.kind = GarbageKind::kTempCollection,
                      .where = where,
                      .prefix = temp.db + "." + temp.name,
                      .age_seconds = age,
                      .detail = *journal ? fmt::format("restore {}, its journal {} last updated {} s ago",
                                                       temp.restore_id, (*journal)->key, journal_age)
                                         : fmt::format("restore {}, no journal of it under {}/{}", temp.restore_id,
                                                       backup_store.describe(), backup_root_)};
      if (options_.apply) {
        auto dropped = client.drop_collection(temp.db, temp.name);
        if (!dropped) return fail(wrap(std::move(dropped).error(), "gc: drop " + where));
        garbage.removed = true;
      }
      report_.found.push_back(std::move(garbage));
    }
    return {};
  }

  // The journal of `restore_id` updated last, under any backup of the root; nullopt when none has
  // one. Looked up once per restore: its temporary collections (one per target) share it.
  Result<std::optional<JournalSighting>> newest_journal(storage::ObjectStore& store,
                                                        const std::vector<backup::BackupListing>& listed,
                                                        const std::string& restore_id) {
    if (auto known = journals_.find(restore_id); known != journals_.end()) return known->second;
    std::optional<JournalSighting> newest;
    for (const auto& backup : listed) {
      const std::string key = restore::journal_key(meta::backup_dir(backup_root_, backup.name), restore_id);
      MB_TRY(journal, restore::load_journal(store, key));
      if (journal && (!newest || journal->updated_unix > newest->updated_unix)) {
        newest = JournalSighting{.key = key, .updated_unix = journal->updated_unix};
      }
    }
    journals_[restore_id] = newest;
    return newest;
  }

  const config::Config& config_;
  const GcOptions& options_;
  const std::string backup_root_;
  const int64_t now_ = backup::unix_now();
  std::map<std::string, std::optional<JournalSighting>> journals_;  // by restore id
  GcReport report_;
};

}  // namespace

std::string_view to_string(GarbageKind kind) {
  switch (kind) {
    case GarbageKind::kStaleLock: return "stale lock";
    case GarbageKind::kStagedFiles: return "staged restore files";
    case GarbageKind::kTempCollection: return "temporary restore collection";
    case GarbageKind::kHalfWrittenBackup: break;
  }
  return "half-written backup";
}

Result<GcReport> collect_garbage(const config::Config& config, const GcOptions& options) {
  const auto store_options = storage::store_options(config.transfer);
  auto backup_store = storage::make_store(config.backup.storage, store_options);
  if (!backup_store) return fail(wrap(std::move(backup_store).error(), "open the backup storage (backup.storage)"));
  auto milvus_store = storage::make_store(config.milvus.storage, store_options);
  if (!milvus_store) return fail(wrap(std::move(milvus_store).error(), "open Milvus's storage (milvus.storage)"));
  auto client = milvus::GrpcMilvusClient::connect(config.milvus);
  Result<milvus::MilvusClient*> milvus = client ? Result<milvus::MilvusClient*>(client->get())
                                                : fail(std::move(client).error());
  return collect_garbage(config, options, GcEnvironment{**backup_store, **milvus_store, std::move(milvus)});
}

Result<GcReport> collect_garbage(const config::Config& config, const GcOptions& options, const GcEnvironment& env) {
  return Collector(config, options).run(env);
}

std::string render_gc_report(const GcReport& report, bool applied) {
  std::string text;
  for (const auto& garbage : report.found) {
    const std::string size = garbage.kind == GarbageKind::kTempCollection
                                  ? std::string()
                                  : fmt::format("{} file(s), {} bytes, ", garbage.objects, garbage.bytes);
    text += fmt::format("{} {} {} ({}{} s old: {})\n",
                        applied ? (garbage.removed ? "removed" : "NOT removed") : "would remove",
                        to_string(garbage.kind), garbage.where, size, garbage.age_seconds, garbage.detail);
  }
  for (const auto& kept : report.kept) text += "kept " + kept + "\n";
  if (report.milvus_error) {
    text += "NOT checked: temporary restore collections in Milvus: " + report.milvus_error->to_string() + "\n";
  }
  if (report.found.empty()) text += report.milvus_error ? "nothing to collect in storage\n" : "nothing to collect\n";
  if (!applied && !report.found.empty()) text += "dry run: nothing was removed; run again with --apply to remove it\n";
  return text;
}

}  // namespace mb::api
