#include "restore/restore_runner.h"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>

#include "meta/backup_layout.h"
#include "meta/names.h"
#include "meta/text_split.h"
#include "milvus/grpc_channel.h"
#include "restore/binlog_stager.h"
#include "restore/collection_creator.h"
#include "restore/directory_binlogs.h"
#include "restore/integrity_gate.h"
#include "restore/restore_plan.h"
#include "util/log.h"

namespace mb::restore {
namespace {

struct Shared {
  const config::Config& config;
  const RestoreOptions& options;
  RestoreEnvironment& env;
  StagingTarget staging;
  std::string task_id;
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

Result<RestoredCollection> restore_collection(Shared& shared, const CollectionTask& task) {
  RestoredCollection restored{.source = task.source.db_name + "." + task.source.collection_name,
                              .target = task.target_label(),
                              .size = task.source.size};
  spdlog::info("restore collection source={} target={} import_jobs={}", restored.source, restored.target,
               task.imports.size());
  // Staged (and checked, integrity_gate.h) before the collection is created: a damaged file fails
  // the restore with nothing created in Milvus.
  const bool keep = shared.config.restore.keep_temp_files;
  std::optional<StagedCollection> staged;
  if (!task.imports.empty()) {
    MB_TRY(files, stage_binlogs(shared.staging, task, shared.task_id, keep,
                                shared.progress ? &shared.progress->copy : nullptr, shared.cancel));
    staged = std::move(files);
  }
  if (auto created = create_collection_ddl(*shared.env.client, task, shared.options); !created) {
    if (staged && !keep) remove_temp(*shared.env.milvus_store, staged->temp_prefix);
    return fail(std::move(created).error());
  }
  if (staged) {
    auto imported = run_imports(*shared.env.client, task, staged->import_files, shared.env.import_settings, shared.cancel);
    if (!keep) remove_temp(*shared.env.milvus_store, staged->temp_prefix);
    if (!imported) return fail(std::move(imported).error());
    restored.rows = imported->rows;
    restored.import_jobs = imported->jobs;
    if (shared.progress) shared.progress->import_jobs_done += imported->jobs;
  }
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
  if (progress) {
    progress->collections_total = plan.collections.size();
    for (const auto& task : plan.collections) progress->import_jobs_total += task.imports.size();
  }
  MB_TRY(checksums, check_backup_integrity(*env.backup_store, context.backup_dir, options, plan));
  Shared shared{.config = config, .options = options, .env = env,
                .staging = StagingTarget{.backup_store = env.backup_store, .milvus_store = env.milvus_store,
                                         .milvus_storage = config.milvus.storage,
                                         .backup_storage = config.backup.storage, .backup_dir = context.backup_dir,
                                         .allow_server_side = config.transfer.mode != config::TransferMode::kStreaming,
                                         .copy_options = copy::CopyOptions{
                                             .concurrency = std::max(config.transfer.concurrency, 1),
                                             .rate_limit_bytes_per_sec = static_cast<uint64_t>(
                                                 std::max<int64_t>(config.transfer.rate_limit_mib_per_sec, 0)) << 20}},
                .task_id = result.task_id, .cancel = cancel, .progress = progress};
  shared.staging.checksums = checksums ? &*checksums : nullptr;
  shared.staging.backup_name = options.backup_name;
  // The backup's files are known to be there before any database or collection is created.
  for (auto& task : plan.collections) {
    if (task.imports.empty()) continue;
    MB_CHECK(expand_directory_binlogs(*env.backup_store, context.backup_dir, task.source));
    MB_CHECK(check_backup_files(shared.staging, task));
  }
  MB_CHECK(ensure_databases(*env.client, plan.databases));
  for (const auto& task : plan.collections) MB_CHECK(check_target(*env.client, task, options));

  // Collections in parallel; the first failure stops collections from starting, running ones finish.
  std::vector<std::optional<RestoredCollection>> done(plan.collections.size());
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
      if (i >= plan.collections.size()) return;
      auto restored = restore_collection(shared, plan.collections[i]);
      if (!restored) {
        std::lock_guard lock(error_mutex);
        if (!first_error) first_error = std::move(restored).error();
        return;
      }
      done[i] = std::move(*restored);
      if (progress) ++progress->collections_done;
    }
  };
  const size_t threads = std::min<size_t>(std::max(config.restore.concurrency_collections, 1), plan.collections.size());
  std::vector<std::thread> pool;
  for (size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& thread : pool) thread.join();
  if (first_error) return fail(wrap(std::move(*first_error), "restore " + options.backup_name));
  for (auto& collection : done) result.collections.push_back(std::move(*collection));
  return result;
}

}  // namespace mb::restore
