#include "restore/restore_runner.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "meta/backup_layout.h"
#include "meta/names.h"
#include "meta/text_split.h"
#include "milvus/grpc_channel.h"
#include "restore/binlog_stager.h"
#include "restore/collection_creator.h"
#include "restore/directory_binlogs.h"
#include "restore/integrity_gate.h"
#include "restore/restore_journal.h"
#include "restore/restore_plan.h"
#include "restore/staged_leftovers.h"
#include "util/log.h"

namespace mb::restore {
namespace {

struct Shared {
  const config::Config& config;
  const RestoreOptions& options;
  RestoreEnvironment& env;
  StagingTarget staging;
  std::string restore_id;  // names the staged files and temporary collections; keys the journal
  RestoreJournal& journal;
  const CancellationToken* cancel;
  RestoreProgress* progress;
};

void remove_temp(storage::ObjectStore& store, const std::string& prefix) {
  if (prefix.empty()) return;
  if (auto removed = store.remove_prefix(prefix); !removed) {
    spdlog::warn("could not remove the restore temp files prefix={} error={}", prefix, removed.error().to_string());
  }
}

// The Milvus restored to, and the --verify_source one (its client null without the flag), by the
// addresses verify keys its loads with.
MilvusServer verify_target(const config::Config& config, const RestoreEnvironment& env) {
  return {.client = env.client, .address = milvus::grpc_target(config.milvus)};
}
MilvusServer verify_source(const RestoreOptions& options, const RestoreEnvironment& env) {
  return {.client = env.verify_source, .address = options.verify_source};
}

Result<VerifyReport> verify(Shared& shared, const CollectionTask& task) {
  const MilvusServer target = verify_target(shared.config, shared.env);
  std::string why_no_source;
  MB_TRY(source, find_verify_source(target, verify_source(shared.options, shared.env), task, why_no_source));
  return verify_restored_collection(target, task, source, why_no_source, shared.env.verify_settings, shared.cancel);
}

// Staged (and checked against the manifest, integrity_gate.h) before `before_import` creates the
// collection: a damaged file fails the restore with nothing created in Milvus.
Result<ImportOutcome> stage_and_import(Shared& shared, const CollectionTask& task,
                                       const std::function<Status()>& before_import) {
  const bool keep = shared.config.restore.keep_temp_files;
  MB_TRY(staged, stage_binlogs(shared.staging, task, shared.restore_id, keep,
                               shared.progress ? &shared.progress->copy : nullptr, shared.cancel));
  auto imported = [&]() -> Result<ImportOutcome> {
    MB_CHECK(before_import());
    return run_imports(*shared.env.client, task, staged.import_files, shared.env.import_settings, shared.cancel);
  }();
  if (!keep) remove_temp(*shared.env.milvus_store, staged.temp_prefix);
  if (!imported) return fail(std::move(imported).error());
  if (shared.progress) shared.progress->import_jobs_done += imported->jobs;
  return imported;
}

bool has_deletes(const CollectionTask& task) {
  for (const auto& partition : task.source.partition_backups) {
    for (const auto& segment : partition.segment_backups) {
      if (!segment.deltalogs.empty()) return true;
    }
  }
  return !task.source.l0_segments.empty();
}

// The rows the backup's segments hold (what the imports reported when the meta does not say) must
// be in the collection before it is given the target name: all of them when the backup has no
// deletes; with deletes (Milvus 2.3 counts rows after them) no more than that, and some when there
// were any. Milvus's statistics may trail a finished import by a moment, so a short count is asked
// again.
Status check_row_count(Shared& shared, const CollectionTask& task, const std::string& collection,
                       int64_t imported_rows) {
  int64_t expected = 0;
  for (const auto& job : task.imports) expected += job.rows;
  if (expected == 0) expected = imported_rows;
  const bool deletes = has_deletes(task);
  auto fits = [&](int64_t counted) {
    return deletes ? counted <= expected && (counted > 0 || expected == 0) : counted == expected;
  };
  int64_t counted = 0;
  for (int attempt = 0; attempt < 20; ++attempt) {
    auto rows = shared.env.client->collection_row_count(task.target_db, collection);
    if (!rows) return fail(wrap(std::move(rows).error(), "count the rows of " + task.target_db + "." + collection));
    counted = *rows;
    if (fits(counted)) return {};
    if (shared.cancel && shared.cancel->cancelled()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  return fail(Error(ErrorCode::kCorrupt, "the restored collection does not hold the rows the backup has")
                  .with("collection", task.target_db + "." + collection)
                  .with("rows", std::to_string(counted))
                  .with(deletes ? "at_most_rows" : "expected_rows", std::to_string(expected)));
}

// Created, filled and indexed under a temporary name, checked, then renamed: a collection under
// the target name is always a whole one. Whatever fails on the way drops the temporary collection.
Status restore_under_temp_name(Shared& shared, const CollectionTask& task, RestoredCollection& restored) {
  MB_TRY(temp_name, temp_collection_name(shared.restore_id, task.target_collection));
  CollectionTask temp = task;
  temp.target_collection = temp_name;
  shared.journal.set(task.target_label(),
                     JournalCollection{.stage = JournalStage::kCreating, .temp_collection = temp_name});
  RestoreOptions create_options = shared.options;
  create_options.drop_exist_collection = false;
  auto drop_temp = [&] {
    if (auto dropped = shared.env.client->drop_collection(temp.target_db, temp_name); !dropped) {
      spdlog::warn("could not drop the temporary collection {}: {}", temp.target_label(), dropped.error().to_string());
    }
  };
  auto create = [&] { return create_collection_ddl(*shared.env.client, temp, create_options); };
  auto filled = [&]() -> Status {
    if (task.imports.empty()) {
      MB_CHECK(create());
    } else {
      MB_TRY(imported, stage_and_import(shared, temp, create));
      restored.rows = imported.rows;
      restored.import_jobs = imported.jobs;
      MB_CHECK(check_row_count(shared, task, temp_name, imported.rows));
    }
    if (shared.options.drop_exist_collection) {
      auto exists = shared.env.client->has_collection(task.target_db, task.target_collection);
      if (!exists) return fail(wrap(std::move(exists).error(), "has collection " + task.target_label()));
      if (*exists) {
        auto dropped = shared.env.client->drop_collection(task.target_db, task.target_collection);
        if (!dropped) return fail(wrap(std::move(dropped).error(), "drop collection " + task.target_label()));
      }
    }
    auto renamed = shared.env.client->rename_collection(task.target_db, temp_name, task.target_collection);
    if (!renamed) {
      return fail(wrap(std::move(renamed).error(), "rename the restored collection to its target name")
                      .with("temporary", temp.target_label())
                      .with("target", task.target_label()));
    }
    return {};
  }();
  if (!filled) {
    drop_temp();
    return filled;
  }
  spdlog::info("restored collection {} (built as {}, then renamed)", task.target_label(), temp_name);
  return {};
}

// --skip_create_collection: the data goes into the existing collection, which cannot be swapped in
// whole, so an import that would double its rows is refused unless asked for.
Status restore_into_existing(Shared& shared, const CollectionTask& task, RestoredCollection& restored) {
  shared.journal.set(task.target_label(), JournalCollection{.stage = JournalStage::kImporting});
  auto check_existing = [&] { return create_collection_ddl(*shared.env.client, task, shared.options); };
  if (task.imports.empty()) return check_existing();
  MB_TRY(imported, stage_and_import(shared, task, check_existing));
  restored.rows = imported.rows;
  restored.import_jobs = imported.jobs;
  return {};
}

Result<RestoredCollection> restore_collection(Shared& shared, const CollectionTask& task) {
  RestoredCollection restored{.source = task.source.db_name + "." + task.source.collection_name,
                              .target = task.target_label(),
                              .size = task.source.size};
  spdlog::info("restore collection source={} target={} import_jobs={} restore_id={}", restored.source,
               restored.target, task.imports.size(), shared.restore_id);
  if (shared.options.skip_create_collection) {
    MB_CHECK(restore_into_existing(shared, task, restored));
  } else {
    MB_CHECK(restore_under_temp_name(shared, task, restored));
  }
  shared.journal.set(task.target_label(),
                     JournalCollection{.stage = JournalStage::kDone,
                                       .rows = restored.rows,
                                       .done_unix = std::chrono::duration_cast<std::chrono::seconds>(
                                                        std::chrono::system_clock::now().time_since_epoch())
                                                        .count()});
  if (shared.options.verify) {
    auto report = verify(shared, task);
    if (!report) return fail(wrap(std::move(report).error(), "verify " + task.target_label()));
    const std::string text = report->to_string();
    for (const auto line : meta::split(text, '\n')) {
      if (line.empty()) continue;
      if (report->passed()) {
        spdlog::info("{}", line);
      } else {
        spdlog::warn("{}", line);
      }
    }
    restored.verify = std::move(*report);
  }
  return restored;
}

// What an earlier run of this restore left: its temporary collections, its staged files, and
// staged files of other restores old enough to be abandoned.
Status remove_leftovers(Shared& shared, const std::vector<const CollectionTask*>& tasks) {
  auto& client = *shared.env.client;
  for (const auto* task : tasks) {
    if (shared.options.skip_create_collection) continue;
    MB_TRY(temp_name, temp_collection_name(shared.restore_id, task->target_collection));
    MB_TRY(exists, client.has_collection(task->target_db, temp_name));
    if (!exists) continue;
    spdlog::info("removing the temporary collection {}.{} an earlier run of restore {} left", task->target_db,
                 temp_name, shared.restore_id);
    if (auto dropped = client.drop_collection(task->target_db, temp_name); !dropped) {
      return fail(wrap(std::move(dropped).error(), "drop the leftover temporary collection " + temp_name));
    }
  }
  auto removed = remove_staged_leftovers(*shared.env.milvus_store, shared.config.milvus.storage, shared.restore_id,
                                         std::chrono::seconds(shared.config.restore.temp_files_max_age_seconds));
  if (!removed) spdlog::warn("could not remove leftover staged files: {}", removed.error().to_string());
  return {};
}

// A journal of an earlier run that did not finish: its done collections are kept, not restored
// again. A finished one (or none) starts a new journal; it still tells which collections this
// backup was imported into.
struct JournalStart {
  JournalData data;
  std::set<std::string> already_done;  // resumed: skip these targets
  std::optional<JournalData> finished_before;
};

Result<JournalStart> start_journal(storage::ObjectStore& store, const std::string& key, JournalData fresh) {
  MB_TRY(previous, load_journal(store, key));
  JournalStart start;
  if (previous && !previous->finished) {
    start.data = std::move(*previous);
    for (const auto& [target, state] : start.data.collections) {
      if (state.stage == JournalStage::kDone) start.already_done.insert(target);
    }
    spdlog::info("resuming restore {} (journal {}): {} collection(s) already done", start.data.restore_id, key,
                 start.already_done.size());
    return start;
  }
  start.finished_before = std::move(previous);
  start.data = std::move(fresh);
  return start;
}

// A run killed between its rename and the journal's next write: the temporary collection is gone
// and the target is there, whole (only a checked collection is renamed).
Status find_renamed(milvus::MilvusClient& client, JournalStart& start) {
  for (auto& [target, state] : start.data.collections) {
    if (state.stage != JournalStage::kCreating || state.temp_collection.empty()) continue;
    const auto dot = target.find('.');
    const std::string db = target.substr(0, dot);
    MB_TRY(temp_exists, client.has_collection(db, state.temp_collection));
    if (temp_exists) continue;
    MB_TRY(target_exists, client.has_collection(db, target.substr(dot + 1)));
    if (!target_exists) continue;
    spdlog::info("collection {} was renamed into place by the run this one resumes; not restored again", target);
    state.stage = JournalStage::kDone;
    start.already_done.insert(target);
  }
  return {};
}

Status check_append(milvus::MilvusClient& client, const CollectionTask& task, const RestoreOptions& options,
                    const std::optional<JournalData>& finished_before) {
  if (!options.skip_create_collection || options.allow_append) return {};
  if (finished_before) {
    const auto it = finished_before->collections.find(task.target_label());
    if (it != finished_before->collections.end() && it->second.stage == JournalStage::kDone) {
      return fail(Error(ErrorCode::kAlreadyExists,
                        "backup " + finished_before->backup_name + " was already imported into " +
                            task.target_label() + " by restore " + finished_before->restore_id +
                            "; importing it again would double its rows (--allow_append does it anyway)")
                      .with("target", task.target_label())
                      .with("rows_imported_then", std::to_string(it->second.rows)));
    }
  }
  auto rows = client.collection_row_count(task.target_db, task.target_collection);
  if (!rows) return fail(wrap(std::move(rows).error(), "count the rows of " + task.target_label()));
  if (*rows > 0) {
    return fail(Error(ErrorCode::kAlreadyExists,
                      "the target collection already holds " + std::to_string(*rows) +
                          " rows; --skip_create_collection would add the backup's rows to them. Restore under "
                          "another name, or add --allow_append to import into it anyway")
                    .with("target", task.target_label())
                    .with("rows", std::to_string(*rows)));
  }
  return {};
}

}  // namespace

bool RestoreResult::verify_passed() const {
  return std::all_of(collections.begin(), collections.end(),
                     [](const RestoredCollection& c) { return !c.verify || c.verify->passed(); });
}

Result<RestoreResult> run_restore(const config::Config& config, const RestoreOptions& options,
                                  const meta::BackupInfo& backup, RestoreEnvironment& env,
                                  const CancellationToken* cancel, RestoreProgress* progress) {
  MB_CHECK(validate_restore_options(options));
  const PlanContext context{.backup_dir = meta::backup_dir(env.backup_root, options.backup_name),
                            .l0_import_supported = env.client->server().supports(milvus::Feature::kImportV2)};
  MB_TRY(plan, plan_restore(backup, options, context));
  if (options.verify && env.verify_source != nullptr) {
    MB_CHECK(check_verify_source(verify_source(options, env), plan.collections));
  }

  RestoreResult result{.task_id = options.task_id.empty()
                                      ? meta::auto_restore_id(std::chrono::system_clock::now())
                                      : options.task_id};
  const std::string target_milvus = milvus::grpc_target(config.milvus);
  std::vector<std::string> targets;
  for (const auto& task : plan.collections) targets.push_back(task.target_label());
  const std::string restore_id = derive_restore_id(options.backup_name, backup.id, target_milvus, targets);
  const std::string key = journal_key(context.backup_dir, restore_id);
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  auto started = start_journal(*env.backup_store, key,
                               JournalData{.restore_id = restore_id, .backup_name = options.backup_name,
                                           .backup_id = backup.id, .target_milvus = target_milvus,
                                           .started_unix = now});
  if (!started) return fail(wrap(std::move(started).error(), "restore " + options.backup_name));
  MB_CHECK(find_renamed(*env.client, *started));
  std::vector<const CollectionTask*> tasks;
  for (const auto& task : plan.collections) {
    if (started->already_done.contains(task.target_label())) {
      spdlog::info("collection {} was restored by the run this one resumes; not restored again", task.target_label());
      continue;
    }
    tasks.push_back(&task);
  }
  if (progress) {
    progress->collections_total = tasks.size();
    for (const auto* task : tasks) progress->import_jobs_total += task->imports.size();
  }
  MB_TRY(checksums, check_backup_integrity(*env.backup_store, context.backup_dir, options, plan));
  StagingTarget staging{.backup_store = env.backup_store, .milvus_store = env.milvus_store,
                        .milvus_storage = config.milvus.storage,
                        .backup_storage = config.backup.storage, .backup_dir = context.backup_dir,
                        .allow_server_side = config.transfer.mode != config::TransferMode::kStreaming,
                        .copy_options = copy::CopyOptions{
                            .concurrency = std::max(config.transfer.concurrency, 1),
                            .rate_limit_bytes_per_sec = static_cast<uint64_t>(
                                std::max<int64_t>(config.transfer.rate_limit_mib_per_sec, 0)) << 20,
                            .retry_window = std::chrono::seconds(
                                std::max<int64_t>(config.transfer.retry_window_seconds, 0))}};
  staging.checksums = checksums ? &*checksums : nullptr;
  staging.backup_name = options.backup_name;
  // The backup's files are known to be there before any database or collection is created.
  for (auto& task : plan.collections) {
    if (task.imports.empty()) continue;
    MB_CHECK(expand_directory_binlogs(*env.backup_store, context.backup_dir, task.source));
    MB_CHECK(check_backup_files(staging, task));
  }
  MB_CHECK(ensure_databases(*env.client, plan.databases));
  for (const auto* task : tasks) {
    MB_CHECK(check_target(*env.client, *task, options));
    MB_CHECK(check_append(*env.client, *task, options, started->finished_before));
  }
  RestoreJournal journal(*env.backup_store, key, std::move(started->data));
  journal.save();

  Shared shared{.config = config, .options = options, .env = env, .staging = std::move(staging),
                .restore_id = restore_id, .journal = journal, .cancel = cancel, .progress = progress};
  MB_CHECK(remove_leftovers(shared, tasks));

  // Collections in parallel; the first failure stops collections from starting, running ones finish.
  std::vector<std::optional<RestoredCollection>> done(tasks.size());
  std::atomic<size_t> next{0};
  std::mutex error_mutex;
  std::optional<Error> first_error;
  auto worker = [&] {
    while (true) {
      {
        std::lock_guard lock(error_mutex);
        if (first_error) return;
      }
      const size_t i = next.fetch_add(1);
      if (i >= tasks.size()) return;
      auto restored = restore_collection(shared, *tasks[i]);
      if (!restored) {
        std::lock_guard lock(error_mutex);
        if (!first_error) first_error = std::move(restored).error();
        return;
      }
      done[i] = std::move(*restored);
      if (progress) ++progress->collections_done;
    }
  };
  const size_t threads = std::min<size_t>(std::max(config.restore.concurrency_collections, 1), tasks.size());
  std::vector<std::thread> pool;
  for (size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& thread : pool) thread.join();
  if (first_error) return fail(wrap(std::move(*first_error), "restore " + options.backup_name));
  for (auto& collection : done) result.collections.push_back(std::move(*collection));
  journal.finish();
  return result;
}

}  // namespace mb::restore
