#include "milvus_backup/service.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <memory>

#include "api/job_request.h"
#include "meta/names.h"
#include "util/random_id.h"

namespace milvus_backup {
namespace {

mb::Error not_found(std::string message) { return mb::Error(ErrorCode::kNotFound, std::move(message)); }

}  // namespace

Result<Config> Service::with_backup_root(std::string_view root_path) const {
  Config config = config_;
  if (root_path.empty()) return config;
  MB_CHECK(mb::meta::validate_key_part(root_path, "backup root path"));
  config.backup.storage.root_path = std::string(root_path);
  return config;
}

Result<JobRecord> Service::start_create_job(CreateRequest request, std::optional<uint64_t> resumes) {
  MB_CHECK(mb::meta::validate_backup_name(request.options.name));
  MB_TRY(config, with_backup_root(request.backup_root_path));
  if (request.pause_gc) config.backup.pause_gc = true;
  if (!request.gc_pause_address.empty()) config.milvus.management_endpoint = request.gc_pause_address;

  // A taken name is refused here, without a job: a refused job in the history would otherwise
  // stand for the name in describe_backup after the real backup is deleted. The create re-checks.
  if (auto existing = mb::api::get_backup(config, request.options.name); existing) {
    return mb::fail(ErrorCode::kAlreadyExists,
                    fmt::format("backup: backup with name {} already exist", request.options.name));
  }
  auto progress = std::make_shared<CreateProgress>();
  const std::string name = request.options.name;
  // One id for the job and the backup's meta.
  request.options.id = request.job_id.empty() ? mb::random_uuid() : std::move(request.job_id);
  request.job_id = request.options.id;
  const std::string id = request.options.id;
  auto kept_request = mb::api::encode_job_request(request);
  return jobs_.start({.kind = JobKind::kBackup,
                      .id = id,
                      .name = name,
                      .run = [config = std::move(config), options = std::move(request.options),
                              progress](const CancellationToken& cancel) -> Result<mb::api::JobOutcome> {
                        MB_TRY(created, mb::api::create_backup(config, options, &cancel, progress.get()));
                        return mb::api::JobOutcome{.size = created.size};
                      },
                      .sample = [progress] { return progress->snapshot(); },
                      .request = std::move(kept_request).value_or(""),
                      .resumes = resumes});
}

Result<JobRecord> Service::start_restore_job(RestoreRequest request, std::optional<uint64_t> resumes) {
  auto& options = request.options;
  MB_CHECK(mb::meta::validate_backup_name(options.backup_name));
  MB_CHECK(mb::restore::validate_restore_options(options));
  MB_TRY(config, with_backup_root(request.backup_root_path));
  if (!request.bucket_name.empty()) {
    MB_CHECK(mb::meta::validate_key_part(request.bucket_name, "bucket_name"));
    config.backup.storage.bucket_name = request.bucket_name;
  }
  // The id names the restore's temporary objects.
  if (!request.job_id.empty()) MB_CHECK(mb::meta::validate_key_part(request.job_id, "restore id"));
  // A missing backup is answered now, not as a failed job later, as the Go tool does.
  if (auto found = mb::api::get_backup(config, options.backup_name); !found) {
    if (found.error().code == ErrorCode::kNotFound) {
      return mb::fail(not_found(fmt::format("backup {} not found", options.backup_name)));
    }
    return mb::fail(std::move(found).error());
  }
  options.task_id =
      request.job_id.empty() ? mb::meta::auto_restore_id(std::chrono::system_clock::now()) : request.job_id;
  request.job_id = options.task_id;
  auto kept_request = mb::api::encode_job_request(request);
  auto progress = std::make_shared<RestoreProgress>();
  return jobs_.start({.kind = JobKind::kRestore,
                      .id = options.task_id,
                      .name = options.backup_name,
                      .run = [config = std::move(config), options = std::move(options),
                              progress](const CancellationToken& cancel) -> Result<mb::api::JobOutcome> {
                        MB_TRY(restored, mb::api::restore_backup(config, options, &cancel, progress.get()));
                        mb::api::JobOutcome outcome;
                        for (const auto& collection : restored.collections) {
                          outcome.collections.push_back(collection.target);
                          outcome.collection_sizes.push_back(collection.size);
                        }
                        return outcome;
                      },
                      .sample = [progress] { return progress->snapshot(); },
                      .request = std::move(kept_request).value_or(""),
                      .resumes = resumes});
}

Result<JobRecord> Service::start_verify_job(VerifyRequest request, std::optional<uint64_t> resumes) {
  VerifyOptions options{.read_data = request.read_data || !request.read_data_subset.empty()};
  MB_TRY(subset, mb::api::parse_verify_subset(request.read_data_subset));
  options.subset = subset;
  if (!request.backup_name.empty()) {
    MB_CHECK(mb::meta::validate_backup_name(request.backup_name));
    if (auto found = mb::api::get_backup(config_, request.backup_name);
        !found && found.error().code == ErrorCode::kNotFound) {
      return mb::fail(not_found(fmt::format("backup {} not found", request.backup_name)));
    }
    options.names.push_back(request.backup_name);
  }
  if (request.job_id.empty()) request.job_id = mb::random_uuid();
  auto kept_request = mb::api::encode_job_request(request);
  auto progress = std::make_shared<VerifyProgress>();
  return jobs_.start({.kind = JobKind::kVerify,
                      .id = request.job_id,
                      .name = request.backup_name,
                      .run = [config = config_, options = std::move(options),
                              progress](const CancellationToken& cancel) -> Result<mb::api::JobOutcome> {
                        MB_TRY(report, mb::api::verify_backups(config, options, &cancel, progress.get()));
                        return mb::api::JobOutcome{.report = mb::verify::render_verify_json(report)};
                      },
                      .sample = [progress] { return progress->snapshot(); },
                      .request = std::move(kept_request).value_or(""),
                      .resumes = resumes});
}

void Service::resume_interrupted_jobs() {
  if (!config_.server.resume_interrupted_jobs) return;
  for (const auto& interrupted : jobs_.interrupted()) {
    const auto kind = mb::api::to_string(interrupted.kind);
    if (interrupted.request.empty()) {
      spdlog::info("{} job {} ({}) was interrupted by a server stop; its record keeps no request to run it again",
                   kind, interrupted.id, interrupted.name);
      continue;
    }
    spdlog::info("resuming {} job {} ({}) interrupted by a server stop", kind, interrupted.id, interrupted.name);
    if (auto resumed = resume(interrupted); !resumed) {
      spdlog::warn("cannot resume {} job {} ({}): {}", kind, interrupted.id, interrupted.name,
                   resumed.error().to_string());
      jobs_.record_not_resumed(interrupted.sequence, resumed.error());
    }
  }
}

Result<JobRecord> Service::resume(const JobRecord& interrupted) {
  // The id is the record's whatever the request says: it is what clients poll.
  switch (interrupted.kind) {
    case JobKind::kBackup: {
      MB_TRY(request, mb::api::decode_create_request(interrupted.request));
      request.job_id = interrupted.id;
      return start_create_job(std::move(request), interrupted.sequence);
    }
    case JobKind::kRestore: {
      MB_TRY(request, mb::api::decode_restore_request(interrupted.request));
      request.job_id = interrupted.id;
      return start_restore_job(std::move(request), interrupted.sequence);
    }
    case JobKind::kVerify: {
      MB_TRY(request, mb::api::decode_verify_request(interrupted.request));
      request.job_id = interrupted.id;
      return start_verify_job(std::move(request), interrupted.sequence);
    }
  }
  return mb::fail(ErrorCode::kCorrupt, "job record of an unknown kind");
}

Result<JobRecord> Service::verify_job(std::string_view id) const {
  if (id.empty()) return mb::fail(ErrorCode::kInvalidArgument, "empty verify id");
  if (auto job = jobs_.find(JobKind::kVerify, id)) return *job;
  return mb::fail(not_found("task not found"));
}

Result<JobRecord> Service::wait(JobKind kind, std::string_view id) {
  if (auto ended = jobs_.wait(kind, id)) return *ended;
  return mb::fail(not_found(fmt::format("no {} task {}", mb::api::to_string(kind), id)));
}

Status Service::watch(JobKind kind, std::string_view id, std::chrono::milliseconds interval,
                      const std::function<bool(const JobRecord&)>& send) {
  auto job = jobs_.find(kind, id);
  if (!job) return mb::fail(not_found(fmt::format("no {} task {}", mb::api::to_string(kind), id)));
  while (send(*job) && is_running(job->state)) {
    job = jobs_.wait_for(kind, id, interval);
    // Forgotten while watched (history is bounded): it ended long ago, and was already sent.
    if (!job) return {};
  }
  return {};
}

Result<Service::NamedBackup> Service::resolve_backup(const Config& config, std::string_view name,
                                                     std::string_view id) const {
  if (name.empty() && id.empty()) {
    return mb::fail(ErrorCode::kInvalidArgument,
                    "server: empty backup name and backup id, please set a backup name or id");
  }
  if (!name.empty()) return NamedBackup{std::string(name), jobs_.find_by_name(JobKind::kBackup, name)};
  if (auto job = jobs_.find(JobKind::kBackup, id)) return NamedBackup{job->name, job};
  MB_TRY(listings, mb::api::list_backups(config));
  for (const auto& listing : listings) {
    if (listing.complete && listing.id == id) return NamedBackup{listing.name, std::nullopt};
  }
  return mb::fail(not_found(fmt::format("backup task {} not found", id)));
}

Result<BackupStatus> Service::describe_backup(std::string_view name, std::string_view id,
                                              std::string_view backup_root_path) const {
  MB_TRY(config, with_backup_root(backup_root_path));
  MB_TRY(backup, resolve_backup(config, name, id));
  const auto& job = backup.job;
  if (job && is_running(job->state)) return BackupStatus{.job = job};
  // An ended job answers only when storage has nothing better: a create refused because the name
  // was taken must not hide the backup that took it.
  auto details = mb::api::get_backup(config, backup.name);
  if (!details && job && job->state != JobState::kSuccess && details.error().code == ErrorCode::kNotFound) {
    return BackupStatus{.job = job};
  }
  if (!details) return mb::fail(std::move(details).error());
  const bool job_made_it = job && job->state == JobState::kSuccess;
  return BackupStatus{.job = job_made_it ? job : std::nullopt, .stored = std::move(*details)};
}

Result<JobRecord> Service::restore_job(std::string_view id) const {
  if (id.empty()) return mb::fail(ErrorCode::kInvalidArgument, "empty restore id");
  if (auto job = jobs_.find(JobKind::kRestore, id)) return *job;
  return mb::fail(not_found("task not found"));
}

Result<std::vector<BackupListing>> Service::list_backups() const { return mb::api::list_backups(config_); }

Result<DeleteOutcome> Service::delete_backup(std::string_view name) {
  if (name.empty()) return mb::fail(ErrorCode::kInvalidArgument, "backup name is required");
  // Deleting under a running create would race its meta commit; the user cancels it instead.
  if (auto running = jobs_.running_with_name(JobKind::kBackup, name)) {
    return mb::fail(ErrorCode::kAlreadyExists,
                    fmt::format("backup {} is being created by task {}: wait for it or cancel it", name, running->id));
  }
  auto deleted = mb::api::delete_backup(config_, name);
  if (!deleted) return mb::fail(mb::wrap(std::move(deleted).error(), "delete"));
  return deleted;
}

CheckReport Service::check() const { return mb::api::run_check(config_); }

Result<JobRecord> Service::cancel_backup(std::string_view name, std::string_view id) {
  MB_TRY(backup, resolve_backup(config_, name, id));
  if (!backup.job) return mb::fail(not_found("no task of this server made this backup"));
  MB_CHECK(jobs_.cancel(JobKind::kBackup, backup.job->id));
  return jobs_.find(JobKind::kBackup, backup.job->id).value_or(*backup.job);
}

Result<JobRecord> Service::cancel_job(JobKind kind, std::string_view id) {
  if (id.empty()) return mb::fail(ErrorCode::kInvalidArgument, fmt::format("empty {} id", mb::api::to_string(kind)));
  MB_CHECK(jobs_.cancel(kind, id));
  if (auto job = jobs_.find(kind, id)) return *job;
  return mb::fail(not_found("task not found"));
}

}  // namespace milvus_backup
