#include "backup/backup_runner.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <unordered_map>

#include "backup/backup_lock.h"
#include "backup/backup_plan.h"
#include "backup/backup_resume.h"
#include "backup/backup_scope.h"
#include "backup/collection_reader.h"
#include "backup/copy_checks.h"
#include "backup/flusher.h"
#include "util/parallel_tasks.h"
#include "backup/segment_lister.h"
#include "copy/copy_engine.h"
#include "copy/memory_budget.h"
#include "meta/backup_layout.h"
#include "meta/collection_filter.h"
#include "meta/meta_files.h"
#include "meta/names.h"
#include "milvus/grpc_milvus_client.h"
#include "milvus/management_client.h"
#include "storage/store_factory.h"
#include "util/random_id.h"

namespace mb::backup {
namespace {

using Clock = std::chrono::system_clock;

int64_t unix_ms(Clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

// The options, checked before anything is touched.
struct Request {
  std::string name;
  std::string id;
  meta::CollectionFilter filter;
  Strategy strategy = Strategy::kAuto;
  bool rbac = false;
};

Result<Request> check_options(const CreateOptions& options, Clock::time_point now) {
  Request request;
  request.name = options.name.empty() ? meta::auto_backup_name(now) : options.name;
  if (auto valid = meta::validate_backup_name(request.name); !valid) {
    return fail(wrap(std::move(valid).error(), "invalid backup name " + request.name));
  }
  MB_TRY(filter, meta::parse_collection_filter(options.filter));
  request.filter = std::move(filter);
  MB_TRY(strategy, parse_strategy(options.strategy));
  request.strategy = strategy;
  MB_TRY(format, parse_format(options.format));
  if (format == Format::kSnapshot) {
    return fail(Error(ErrorCode::kInvalidArgument,
                      "--format snapshot (the snapshot bundles Milvus 3.0 exports) is not supported by this tool; "
                      "use --format binlog")
                    .with("format", options.format));
  }
  if (options.backup_index_extra) {
    return fail(Error(ErrorCode::kInvalidArgument,
                      "--backup_index_extra reads index metadata from Milvus's etcd, which this tool does not "
                      "connect to; back up without it (restore rebuilds indexes from their definitions)"));
  }
  request.rbac = options.rbac;
  request.id = options.id.empty() ? random_uuid() : options.id;
  return request;
}

// Root paths become the first elements of every key this backup reads or writes.
Status check_root_paths(const config::Config& config) {
  for (const auto& [storage, what] : {std::pair{&config.milvus.storage, "milvus.storage.rootPath"},
                                      std::pair{&config.backup.storage, "backup.storage.rootPath"}}) {
    const auto root = storage::root_prefix(*storage);
    if (!root.empty()) MB_CHECK(meta::validate_key_part(root, what));
  }
  return {};
}

// transfer.mode=direct pins server-side copies, which only work within one store.
Status check_transfer_mode(const config::Config& config, const storage::ObjectStore& milvus_store,
                           const storage::ObjectStore& backup_store) {
  if (config.transfer.mode != config::TransferMode::kDirect || milvus_store.identity() == backup_store.identity()) {
    return {};
  }
  return fail(Error(ErrorCode::kInvalidArgument,
                    "transfer.mode is direct (server-side copies), but Milvus's storage and the backup storage are "
                    "different stores; use transfer.mode auto or streaming")
                  .with("milvus_storage", milvus_store.describe())
                  .with("backup_storage", backup_store.describe()));
}

Error cancelled() { return Error(ErrorCode::kCancelled, "stopped on request"); }

class BackupRun {
 public:
  BackupRun(const config::Config& config, Request request, std::string backup_dir, bool resume, BackupEnvironment& env,
            const CancellationToken* cancel, BackupProgress& progress, Clock::time_point start)
      : config_(config),
        request_(std::move(request)),
        backup_dir_(std::move(backup_dir)),
        resume_(resume),
        env_(env),
        cancel_(cancel),
        progress_(progress),
        start_(start),
        milvus_root_(storage::root_prefix(config.milvus.storage)) {}

  Result<CreateResult> run() {
    auto connected = env_.connect_milvus();
    if (!connected) return fail(wrap(std::move(connected).error(), "connect to Milvus"));
    client_ = *connected;
    auto version = client_->get_version();
    if (!version) return fail(wrap(std::move(version).error(), "read the Milvus version"));
    milvus_version_ = *version;
    const auto& server = client_->server();
    spdlog::info("backup {}: Milvus {} ({}), task id {}", request_.name, milvus_version_, server.version.to_string(),
                 task_id_);
    if (request_.rbac) return fail(rbac_unsupported(server));
    MB_TRY(strategy, resolve_strategy(server));
    strategy_ = strategy;

    // Nothing is copied with meta_only, so there are no files for GC to take away.
    std::optional<GcPauseGuard> gc;
    collection_level_gc_ = server.supports(milvus::Feature::kCollectionLevelGcControl);
    if (config_.backup.pause_gc && strategy_ != Strategy::kMetaOnly) {
      gc.emplace(env_.gc, env_.gc_options);
      gc_ = &*gc;
      if (!collection_level_gc_) MB_CHECK(gc->pause());
    }

    MB_CHECK(read_scope());
    MB_CHECK(read_collections());
    if (strategy_ != Strategy::kMetaOnly) MB_CHECK(read_segments());
    MB_TRY(plan, plan_backup(backup_dir_, make_content()));
    std::vector<copy::CopiedObject> copied;
    if (!plan.jobs.empty()) {
      MB_TRY(done, copy_files(plan));
      copied = std::move(done);
    }
    // The meta is only written for a backup that succeeded: v0.4's task fields say so.
    plan.info.state_code = meta::BackupTaskStateCode::kSuccess;
    plan.info.progress = 100;
    plan.info.start_time = unix_ms(start_);
    plan.info.end_time = unix_ms(Clock::now());
    MB_CHECK(commit(plan.info, copied));
    progress_.phase = BackupPhase::kDone;
    return CreateResult{.name = request_.name,
                        .id = task_id_,
                        .size = plan.info.size,
                        .files = plan.jobs.size(),
                        .collections = plan.info.collection_backups.size()};
  }

 private:
  Status check_cancelled() const {
    if (cancel_ && cancel_->cancelled()) return fail(cancelled());
    return {};
  }

  static Error rbac_unsupported(const milvus::ServerInfo& server) {
    const bool server_has_rpc = server.version >= milvus::ServerVersion{2, 5, 0};
    return Error(ErrorCode::kInvalidArgument,
                 server_has_rpc ? "--rbac: backing up users, roles and grants (BackupRBAC) is not supported by this tool"
                                : fmt::format("--rbac: Milvus {} cannot export users, roles and grants (the BackupRBAC "
                                              "RPC came with Milvus 2.5)",
                                              server.version.to_string()));
  }

  Result<Strategy> resolve_strategy(const milvus::ServerInfo& server) const {
    const bool has_flush_all = server.supports(milvus::Feature::kFlushAll);
    if (request_.strategy == Strategy::kBulkFlush) {
      return fail(Error(ErrorCode::kInvalidArgument,
                        has_flush_all ? "strategy bulk_flush (FlushAll) is not supported by this tool; use serial_flush"
                                      : fmt::format("strategy bulk_flush needs FlushAll (Milvus 2.6.11+), which Milvus "
                                                    "{} does not have; use serial_flush",
                                                    server.version.to_string()))
                      .with("strategy", "bulk_flush"));
    }
    if (request_.strategy != Strategy::kAuto) return request_.strategy;
    spdlog::info("strategy auto: serial_flush{}", has_flush_all ? " (this tool does not call FlushAll)" : "");
    return Strategy::kSerialFlush;
  }

  Status read_scope() {
    progress_.phase = BackupPhase::kMeta;
    MB_TRY(scope, resolve_scope(*client_, request_.filter));
    MB_TRY(databases, read_databases(*client_, scope.databases));
    scope_ = std::move(scope);
    databases_ = std::move(databases);
    contents_.resize(scope_.collections.size());
    progress_.collections_total = scope_.collections.size();
    spdlog::info("backup {}: {} database(s), {} collection(s)", request_.name, scope_.databases.size(),
                 scope_.collections.size());
    return check_cancelled();
  }

  Status read_collections() {
    MB_CHECK(run_bounded(
        scope_.collections.size(), config_.backup.concurrency_collections,
        [this](size_t i) -> Status {
          const auto& ref = scope_.collections[i];
          MB_TRY(collection, read_collection(*client_, ref.db, ref.name, task_id_));
          contents_[i].collection = std::move(collection);
          if (strategy_ == Strategy::kMetaOnly) ++progress_.collections_done;
          return {};
        },
        cancel_));
    return check_cancelled();
  }

  Status read_segments() {
    progress_.phase = BackupPhase::kFlush;
    MB_CHECK(run_bounded(scope_.collections.size(), config_.backup.concurrency_collections,
                         [this](size_t i) { return read_segments_of(scope_.collections[i], contents_[i]); }, cancel_));
    return check_cancelled();
  }

  Status read_segments_of(const CollectionRef& ref, CollectionContent& content) {
    auto& collection = content.collection;
    auto in_collection = [&](Error error, std::string_view what) {
      return wrap(std::move(error), what).with("db", ref.db).with("collection", ref.name);
    };
    if (strategy_ == Strategy::kSerialFlush) {
      MB_TRY(checkpoint, flush_collection(*client_, ref.db, ref.name, cancel_));
      collection.channel_checkpoints = std::move(checkpoint.channel_checkpoints);
      collection.backup_timestamp = checkpoint.backup_timestamp;
      collection.backup_physical_timestamp = checkpoint.backup_physical_timestamp;
    }
    if (gc_ && collection_level_gc_) MB_CHECK(gc_->pause(collection.collection_id));
    auto segments = persistent_segments(*client_, ref.db, ref.name);
    if (!segments) return fail(in_collection(std::move(segments).error(), "list segments"));
    auto listing = list_collection_binlogs(*env_.milvus_store, milvus_root_, collection.collection_id);
    if (!listing) return fail(in_collection(std::move(listing).error(), "list binlogs"));
    auto grouped = group_segment_binlogs(collection.collection_id, *segments, *listing);
    if (!grouped) return fail(in_collection(std::move(grouped).error(), "group binlogs by segment"));
    content.segments = std::move(*grouped);
    ++progress_.collections_done;
    int64_t bytes = 0;
    for (const auto& segment : content.segments) bytes += segment.size;
    spdlog::info("collection {}.{}: {} segment(s), {} bytes of binlogs", ref.db, ref.name, content.segments.size(),
                 bytes);
    return {};
  }

  BackupContent make_content() {
    return BackupContent{.id = task_id_,
                         .name = request_.name,
                         .milvus_version = milvus_version_,
                         .databases = std::move(databases_),
                         .collections = std::move(contents_)};
  }

  Result<std::vector<copy::CopiedObject>> copy_files(const BackupPlan& plan) {
    progress_.phase = BackupPhase::kCopy;
    // For the copy and for the checksum read-back after it: as many workers, as large buffers, and
    // the same memory budget.
    const copy::CopyOptions options{
        .concurrency = config_.transfer.concurrency,
        .rate_limit_bytes_per_sec = static_cast<uint64_t>(config_.transfer.rate_limit_mib_per_sec) << 20,
        .retry_window = std::chrono::seconds(config_.transfer.retry_window_seconds),
        .allow_server_side = config_.transfer.mode != config::TransferMode::kStreaming,
    };
    auto& budget = copy::process_memory_budget(options.memory_budget_bytes);
    ResumePlan resumed{.to_copy = plan.jobs};
    if (resume_) {
      auto kept = resume_backup_files(*env_.milvus_store, *env_.backup_store, backup_dir_, plan.jobs,
                                      lock_key(backup_dir_),
                                      {.concurrency = std::max(1, options.concurrency), .buffer_size = options.buffer_size},
                                      budget, cancel_);
      if (!kept) return fail(wrap(std::move(kept).error(), "resume backup " + request_.name));
      resumed = std::move(*kept);
      spdlog::info("resume: kept {} of {} file(s) ({} bytes) already in the backup with the expected size and "
                   "CRC32C, not copied again; copying {}; removed {} file(s) the plan does not have",
                   resumed.kept.size(), plan.jobs.size(), resumed.kept_bytes, resumed.to_copy.size(),
                   resumed.removed.size());
      for (const auto& object : resumed.kept) spdlog::debug("resume: kept {}", object.dst_key);
    }
    const copy::CopyEngine engine(options);
    const auto copy_start = std::chrono::steady_clock::now();
    auto copied = engine.run(*env_.milvus_store, *env_.backup_store, resumed.to_copy, &progress_.copy, cancel_);
    if (!copied) return fail(wrap(std::move(copied).error(), "copy binlogs"));
    const auto server_side = std::count_if(copied->begin(), copied->end(), [](const auto& c) { return c.server_side; });
    spdlog::info("copied {} file(s), {} bytes, in {:.2f} s ({} of them server-side)", resumed.to_copy.size(),
                 progress_.copy.bytes_total.load(),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - copy_start).count(), server_side);
    MB_CHECK(check_cancelled());
    if (resume_) {
      // Back into plan order, as a fresh run lists them in the manifest.
      std::unordered_map<std::string_view, size_t> order;
      for (size_t i = 0; i < plan.jobs.size(); ++i) order.emplace(plan.jobs[i].dst_key, i);
      for (auto& object : resumed.kept) copied->push_back(std::move(object));
      std::sort(copied->begin(), copied->end(),
                [&order](const auto& a, const auto& b) { return order.at(a.dst_key) < order.at(b.dst_key); });
    }

    progress_.phase = BackupPhase::kVerify;
    std::vector<std::string> prefixes;
    for (const auto& collection : plan.info.collection_backups) {
      prefixes.push_back(meta::backup_collection_insert_log_dir(backup_dir_, collection.collection_id));
      prefixes.push_back(meta::backup_collection_delta_log_dir(backup_dir_, collection.collection_id));
    }
    if (auto verified = verify_copies(*env_.backup_store, prefixes, plan.jobs); !verified) {
      return fail(wrap(std::move(verified).error(), "verify the copied binlogs"));
    }
    if (auto summed = fill_checksums(*env_.backup_store, *copied, std::max(1, options.concurrency),
                                     options.buffer_size, budget, cancel_);
        !summed) {
      return fail(wrap(std::move(summed).error(), "checksum the copied binlogs"));
    }
    MB_CHECK(check_cancelled());
    return copied;
  }

  // Our manifest goes first, full_meta.json last: a backup that has full_meta.json is complete,
  // manifest included. Once the first meta file is written the commit runs to its end. The meta
  // starts only once the data is durable, and full_meta.json (the mark of a complete backup) only
  // once the rest of the meta is, so a machine crash can lose the end of a backup but never leave
  // one that looks complete and names missing files.
  Status commit(const meta::BackupInfo& info, const std::vector<copy::CopiedObject>& copied) {
    MB_CHECK(check_cancelled());
    progress_.phase = BackupPhase::kCommit;
    MB_TRY(manifest, build_manifest(backup_dir_, copied, unix_ms(start_), unix_ms(Clock::now())));
    const auto files = meta::encode_meta_files(info, manifest);
    for (size_t i = 0; i < files.size(); ++i) {
      const auto& [file, content] = files[i];
      const auto key = meta::meta_key(backup_dir_, file);
      if (i == 0 || i + 1 == files.size()) MB_CHECK(make_backup_durable("before writing " + key));
      if (auto put = env_.backup_store->put(key, content); !put) {
        return fail(wrap(std::move(put).error(), "write " + key));
      }
    }
    return make_backup_durable("after writing the meta");
  }

  Status make_backup_durable(const std::string& when) {
    if (auto synced = env_.backup_store->make_durable(); !synced) {
      return fail(wrap(std::move(synced).error(), "flush the backup to storage " + when));
    }
    return {};
  }

  const config::Config& config_;
  const Request request_;
  const std::string backup_dir_;
  const bool resume_;
  BackupEnvironment& env_;
  const CancellationToken* cancel_;
  BackupProgress& progress_;
  const Clock::time_point start_;
  const std::string milvus_root_;
  const std::string task_id_ = request_.id;

  milvus::MilvusClient* client_ = nullptr;
  std::string milvus_version_;
  Strategy strategy_ = Strategy::kSerialFlush;
  GcPauseGuard* gc_ = nullptr;
  bool collection_level_gc_ = false;
  BackupScope scope_;
  std::vector<meta::DatabaseBackupInfo> databases_;
  std::vector<CollectionContent> contents_;
};

// A prefix under the name is refused when it holds a complete backup (full_meta.json; or the Go
// tool's level files without a lock of ours) or a live lock. A half-written one left by a dead run
// is resumed (true), or removed first with --no_resume.
Result<bool> check_backup_name_free(const config::Config& config, const CreateOptions& options,
                                    storage::ObjectStore& store, const std::string& name,
                                    const std::string& backup_dir) {
  auto taken = store.exists_prefix(backup_dir);
  if (!taken) return fail(wrap(std::move(taken).error(), "check whether backup " + name + " exists"));
  if (!*taken) return false;
  auto exists = [&] {
    return fail(Error(ErrorCode::kAlreadyExists, "backup with name " + name + " already exist")
                    .with("backup", name)
                    .with("store", store.describe())
                    .with("prefix", backup_dir));
  };
  MB_TRY(full_meta, store.stat(meta::meta_key(backup_dir, meta::kFullMetaFile)));
  if (full_meta) return exists();
  auto owner = read_lock(store, lock_key(backup_dir));
  if (!owner) return fail(wrap(std::move(owner).error(), "read the lock of backup " + name));
  if (!*owner) {
    // Not ours to resume: a backup the Go tool wrote (its level files without full_meta.json are
    // complete) or one it, or another writer, is writing now.
    MB_TRY(level_meta, store.stat(meta::meta_key(backup_dir, meta::kBackupMetaFile)));
    if (level_meta || !options.no_resume) {
      auto refused = exists();
      if (!level_meta) {
        refused.error().with("hint", "it holds files but no meta and no lock of this tool; --no_resume replaces it");
      }
      return refused;
    }
  }
  const int64_t now = unix_now();
  if (*owner && !lock_is_stale(**owner, now, std::chrono::seconds(config.backup.lock_stale_seconds))) {
    return fail(Error(ErrorCode::kAlreadyExists,
                      "backup " + name + " is being written by another create (" + (*owner)->describe(now) +
                          "); wait for it, or, if that run is gone, for its lock to turn stale after "
                          "backup.lockStaleSeconds=" + std::to_string(config.backup.lock_stale_seconds))
                    .with("backup", name)
                    .with("lock", lock_key(backup_dir))
                    .with("lock_host", (*owner)->host)
                    .with("lock_pid", std::to_string((*owner)->pid)));
  }
  const std::string left_by = *owner ? "left by " + (*owner)->describe(now) : "left without a lock";
  if (options.no_resume) {
    spdlog::info("backup {}: removing the half-written backup {} (--no_resume)", name, left_by);
    if (auto removed = store.remove_prefix(backup_dir); !removed) {
      return fail(wrap(std::move(removed).error(), "remove the half-written backup under " + backup_dir));
    }
    return false;
  }
  spdlog::info("backup {}: resuming the half-written backup {}", name, left_by);
  return true;
}

}  // namespace

Result<CreateResult> run_backup(const config::Config& config, const CreateOptions& options, BackupEnvironment& env,
                                const CancellationToken* cancel, BackupProgress* progress) {
  const auto start = Clock::now();
  BackupProgress own_progress;
  BackupProgress& tracked = progress ? *progress : own_progress;

  MB_TRY(request, check_options(options, start));
  MB_CHECK(check_root_paths(config));
  MB_CHECK(check_transfer_mode(config, *env.milvus_store, *env.backup_store));
  const std::string name = request.name;
  const auto backup_dir = meta::backup_dir(storage::root_prefix(config.backup.storage), name);

  if (auto ready = env.backup_store->ensure_bucket(); !ready) {
    return fail(wrap(std::move(ready).error(), "prepare the backup storage"));
  }
  MB_TRY(resume, check_backup_name_free(config, options, *env.backup_store, name, backup_dir));
  const std::chrono::seconds stale_after(config.backup.lock_stale_seconds);
  auto lock = BackupLock::acquire(*env.backup_store, lock_key(backup_dir), stale_after);
  if (!lock) return fail(wrap(std::move(lock).error(), "lock backup " + name));
  // Partial files a killed writer left (no listing shows them); the lock says no live run owns them.
  if (auto cleared = env.backup_store->remove_partial_writes(backup_dir); !cleared) {
    return fail(wrap(std::move(cleared).error(), "remove partial files of an earlier create of " + name));
  }

  auto result = BackupRun(config, std::move(request), backup_dir, resume, env, cancel, tracked, start).run();
  if (result) {
    if (auto released = (*lock)->release(); !released) {
      // The backup is complete (full_meta.json is written); a lock left in it is stale, and gc removes it.
      spdlog::warn("{}", released.error().to_string());
    }
    spdlog::info("backup {} done: {} collection(s), {} file(s), {} bytes, in {:.2f} s", name, result->collections,
                 result->files, result->size, std::chrono::duration<double>(Clock::now() - start).count());
    return result;
  }
  lock->reset();  // stops refreshing; the prefix, lock included, goes below

  // Everything under the name is this run's: the prefix was empty when it started, or held only
  // what a dead run of the same name left for this one to resume.
  tracked.phase = BackupPhase::kCleanup;
  const bool cancelled = result.error().code == ErrorCode::kCancelled;
  Error error = wrap(std::move(result).error(), "backup " + name + (cancelled ? " cancelled" : ""));
  if (auto removed = env.backup_store->remove_prefix(backup_dir); !removed) {
    spdlog::error("could not remove the partial backup under {}: {}", backup_dir, removed.error().to_string());
    error.with("partial_backup_left", backup_dir + " (it has no meta, so it is not listed; remove it with delete -n " +
                                          name + ")");
  } else {
    spdlog::info("removed the partial backup under {}", backup_dir);
  }
  return fail(std::move(error));
}

Result<CreateResult> create_backup(const config::Config& config, const CreateOptions& options,
                                   const CancellationToken* cancel, BackupProgress* progress) {
  const storage::StoreOptions store_options = storage::store_options(config.transfer);
  auto milvus_store = storage::make_store(config.milvus.storage, store_options);
  if (!milvus_store) return fail(wrap(std::move(milvus_store).error(), "open Milvus's storage (milvus.storage)"));
  auto backup_store = storage::make_store(config.backup.storage, store_options);
  if (!backup_store) return fail(wrap(std::move(backup_store).error(), "open the backup storage (backup.storage)"));
  milvus::ManagementClient management(config.milvus.management_endpoint);
  std::unique_ptr<milvus::GrpcMilvusClient> client;

  BackupEnvironment env{
      .connect_milvus = [&config, &client]() -> Result<milvus::MilvusClient*> {
        MB_TRY(connected, milvus::GrpcMilvusClient::connect(config.milvus));
        client = std::move(connected);
        return client.get();
      },
      .milvus_store = milvus_store->get(),
      .backup_store = backup_store->get(),
      .gc = gc_control_of(management),
      .gc_options = GcPauseOptions{.pause_length = GcPauseOptions{}.pause_length,
                                   .renew_interval = GcPauseOptions{}.renew_interval,
                                   .required = config.backup.pause_gc_required},
  };
  return run_backup(config, options, env, cancel, progress);
}

}  // namespace mb::backup
