// Backups and restores as jobs, for a long-running server: the one place that decides what a
// request may start, how a job is found, watched and cancelled, and what a backup's state is. The
// REST routes and the gRPC service are translations of this class, so both answer alike.
//
// A Service is a configuration plus the JobManager that owns the jobs' threads and history; any
// number of Services may share one JobManager (the REST and gRPC shells of one server do).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/job_manager.h"
#include "milvus_backup/library.h"

namespace milvus_backup {

using mb::api::JobKind;
using mb::api::JobManager;
using mb::api::JobRecord;
using mb::api::JobState;
using mb::api::is_running;

// A create, with the per-request overrides of the configuration the Go tool's REST API allows.
struct CreateRequest {
  std::string job_id{};  // empty: a fresh UUID
  CreateOptions options{};  // options.name must be a valid backup name
  std::string backup_root_path{};  // backup.storage.rootPath for this backup
  bool pause_gc = false;           // OR-ed with backup.pauseGC
  std::string gc_pause_address{};  // milvus.management endpoint for this backup
};

struct RestoreRequest {
  std::string job_id{};  // empty: the Go tool's restore_<time> id
  RestoreOptions options{};
  std::string backup_root_path{};  // backup.storage.rootPath for this restore
  std::string bucket_name{};       // backup.storage.bucketName for this restore
};

// A verify of one backup (or of every backup, when backup_name is empty).
struct VerifyRequest {
  std::string job_id{};  // empty: a fresh UUID
  std::string backup_name{};
  bool read_data = false;
  std::string read_data_subset{};  // "N/M" or "P%"; implies read_data
};

// A backup as this service knows it: stored, made by one of its jobs, or both.
struct BackupStatus {
  // The job that is making it, or made it; or a failed job when storage has no such backup.
  std::optional<JobRecord> job{};
  std::optional<BackupDetails> stored{};  // absent while the job runs and when it failed
};

class Service {
 public:
  Service(Config config, JobManager& jobs) : config_(std::move(config)), jobs_(jobs) {}

  const Config& config() const { return config_; }

  // Starts a backup job. Error(kInvalidArgument) for a bad name or root path, Error(kAlreadyExists)
  // when a stored backup or a running job has the name. A half-written backup is not refused: the
  // create resumes it once its lock is stale.
  Result<JobRecord> start_create(CreateRequest request) { return start_create_job(std::move(request), {}); }
  // Starts a restore job. Error(kInvalidArgument) for bad options, Error(kNotFound) "backup <name>
  // not found", Error(kAlreadyExists) when a running restore has the id.
  Result<JobRecord> start_restore(RestoreRequest request) { return start_restore_job(std::move(request), {}); }

  // Starts a verify job; its record's report is the verify report as JSON once it ends, and the job
  // succeeds whenever the verify ran (the report says whether the backup is whole).
  // Error(kInvalidArgument) for a bad name or subset, Error(kNotFound) for a missing backup.
  Result<JobRecord> start_verify(VerifyRequest request) { return start_verify_job(std::move(request), {}); }

  // Runs again each job a server stop cut off (JobManager::interrupted), under its id and with the
  // request that started it: a create goes over its half-written backup and resumes it, a restore
  // resumes through its journal. A job that cannot run again (its record keeps no request, or one
  // that does not decode; the start is refused, e.g. its backup was deleted meanwhile) stays
  // failed, its record saying why. Nothing is run again when server.resumeInterruptedJobs is off.
  void resume_interrupted_jobs();
  // Error(kInvalidArgument) for an empty id, Error(kNotFound) "task not found".
  Result<JobRecord> verify_job(std::string_view id) const;

  // Blocks until the job has ended. Error(kNotFound) when no such job.
  Result<JobRecord> wait(JobKind kind, std::string_view id);
  // Calls `send` with the job's record now, then at least every `interval` while it runs, and once
  // more when it has ended; stops early when `send` returns false (the watcher went away).
  // Error(kNotFound) when no such job.
  Status watch(JobKind kind, std::string_view id, std::chrono::milliseconds interval,
               const std::function<bool(const JobRecord&)>& send);

  // A backup by name, or by id: a job id of this service, or the id in a stored backup's meta.
  // Error(kInvalidArgument) when both are empty or the root path is bad, Error(kNotFound).
  Result<BackupStatus> describe_backup(std::string_view name, std::string_view id,
                                       std::string_view backup_root_path = {}) const;
  // Error(kInvalidArgument) for an empty id, Error(kNotFound) "task not found".
  Result<JobRecord> restore_job(std::string_view id) const;

  // Every backup folder, complete or not, in name order.
  Result<std::vector<BackupListing>> list_backups() const;
  // Error(kAlreadyExists) while a job of this service is creating it.
  Result<DeleteOutcome> delete_backup(std::string_view name);
  CheckReport check() const;

  // Asks the running job to stop and answers with its record. Error(kNotFound) when no running
  // job of this service matches.
  Result<JobRecord> cancel_backup(std::string_view name, std::string_view id);
  Result<JobRecord> cancel_restore(std::string_view id) { return cancel_job(JobKind::kRestore, id); }
  // A restore or verify job, by id.
  Result<JobRecord> cancel_job(JobKind kind, std::string_view id);

  // Every job, oldest first, with fresh progress for the running ones.
  std::vector<JobRecord> jobs() const { return jobs_.snapshot(); }

 private:
  struct NamedBackup {
    std::string name;
    std::optional<JobRecord> job;
  };
  // `resumes`: the record of the interrupted job this one runs again (JobSpec::resumes).
  Result<JobRecord> start_create_job(CreateRequest request, std::optional<uint64_t> resumes);
  Result<JobRecord> start_restore_job(RestoreRequest request, std::optional<uint64_t> resumes);
  Result<JobRecord> start_verify_job(VerifyRequest request, std::optional<uint64_t> resumes);
  Result<JobRecord> resume(const JobRecord& interrupted);
  Result<NamedBackup> resolve_backup(const Config& config, std::string_view name, std::string_view id) const;
  Result<Config> with_backup_root(std::string_view root_path) const;

  Config config_;
  JobManager& jobs_;
};

}  // namespace milvus_backup
