#include "server/grpc_proto_mapping.h"

#include <fmt/format.h>

namespace mb::server {

grpc::Status to_grpc_status(const Error& error) {
  const auto code = [&] {
    switch (error.code) {
      case ErrorCode::kInvalidArgument: return grpc::StatusCode::INVALID_ARGUMENT;
      case ErrorCode::kNotFound: return grpc::StatusCode::NOT_FOUND;
      case ErrorCode::kAlreadyExists: return grpc::StatusCode::ALREADY_EXISTS;
      case ErrorCode::kPermissionDenied: return grpc::StatusCode::PERMISSION_DENIED;
      case ErrorCode::kUnavailable: return grpc::StatusCode::UNAVAILABLE;
      case ErrorCode::kTimeout: return grpc::StatusCode::DEADLINE_EXCEEDED;
      case ErrorCode::kCorrupt: return grpc::StatusCode::DATA_LOSS;
      case ErrorCode::kConfig: return grpc::StatusCode::FAILED_PRECONDITION;
      case ErrorCode::kCancelled: return grpc::StatusCode::CANCELLED;
      case ErrorCode::kMilvus:
      case ErrorCode::kStorage:
      case ErrorCode::kIo:
      case ErrorCode::kInternal: return grpc::StatusCode::INTERNAL;
    }
    return grpc::StatusCode::INTERNAL;
  }();
  return grpc::Status(code, error.to_string());
}

pb::Job to_proto(const api::JobRecord& record) {
  pb::Job job;
  job.set_id(record.id);
  switch (record.kind) {
    case api::JobKind::kBackup: job.set_kind(pb::JOB_KIND_BACKUP); break;
    case api::JobKind::kRestore: job.set_kind(pb::JOB_KIND_RESTORE); break;
    case api::JobKind::kVerify: job.set_kind(pb::JOB_KIND_VERIFY); break;
  }
  job.set_backup_name(record.name);
  job.set_state(static_cast<pb::JobState>(record.state));  // the same numbers by design
  job.set_progress_percent(record.progress);
  auto& progress = *job.mutable_progress();
  progress.set_phase(record.counters.phase);
  progress.set_collections_done(record.counters.collections_done);
  progress.set_collections_total(record.counters.collections_total);
  progress.set_files_done(record.counters.files_done);
  progress.set_files_total(record.counters.files_total);
  progress.set_bytes_done(record.counters.bytes_done);
  progress.set_bytes_total(record.counters.bytes_total);
  job.set_error(record.error);
  job.set_error_kind(record.error_kind);
  job.set_start_time(record.start_time);
  job.set_end_time(record.end_time);
  job.set_size(record.size);
  for (const auto& collection : record.collections) job.add_restored_collections(collection);
  job.set_verify_report(record.report);
  return job;
}

pb::BackupListing to_proto(const api::BackupListing& listing) {
  pb::BackupListing out;
  out.set_name(listing.name);
  out.set_complete(listing.complete);
  out.set_id(listing.id);
  out.set_size(listing.size);
  out.set_milvus_version(listing.milvus_version);
  out.set_time(listing.time_unix);
  out.set_problem(listing.problem);
  return out;
}

Result<pb::Backup> to_proto(const milvus_backup::BackupStatus& status) {
  pb::Backup backup;
  if (status.job) {
    *backup.mutable_job() = to_proto(*status.job);
    backup.set_name(status.job->name);
  }
  if (!status.stored) return backup;
  const auto& info = status.stored->info;
  MB_TRY(brief, api::backup_info_json(*status.stored, /*detail=*/false));
  backup.set_stored(true);
  backup.set_name(info.name);
  backup.set_id(info.id);
  backup.set_size(info.size);
  backup.set_milvus_version(info.milvus_version);
  backup.set_backup_timestamp(info.backup_timestamp);
  for (const auto& collection : info.collection_backups) {
    backup.add_collections(fmt::format("{}.{}", collection.db_name, collection.collection_name));
  }
  backup.set_brief_json(std::move(brief));
  return backup;
}

pb::CheckResponse to_proto(const api::CheckReport& report) {
  pb::CheckResponse out;
  out.set_passed(report.passed());
  for (const auto& line : report.lines) {
    auto& added = *out.add_lines();
    switch (line.outcome) {
      case api::CheckOutcome::kPass: added.set_outcome(pb::CheckResponse::OUTCOME_PASS); break;
      case api::CheckOutcome::kWarn: added.set_outcome(pb::CheckResponse::OUTCOME_WARN); break;
      case api::CheckOutcome::kFail: added.set_outcome(pb::CheckResponse::OUTCOME_FAIL); break;
    }
    added.set_subject(line.subject);
    added.set_detail(line.detail);
  }
  out.set_milvus_version(report.milvus_version);
  out.set_report(api::render_check_report(report));
  return out;
}

Result<api::JobKind> from_proto(pb::JobKind kind) {
  switch (kind) {
    case pb::JOB_KIND_BACKUP: return api::JobKind::kBackup;
    case pb::JOB_KIND_RESTORE: return api::JobKind::kRestore;
    case pb::JOB_KIND_VERIFY: return api::JobKind::kVerify;
    default: return fail(ErrorCode::kInvalidArgument, "kind must be JOB_KIND_BACKUP or JOB_KIND_RESTORE");
  }
}

milvus_backup::CreateRequest from_proto(const pb::CreateRequest& request) {
  return {.job_id = request.job_id(),
          .options = {.name = request.backup_name(), .filter = request.filter(), .strategy = request.strategy()},
          .backup_root_path = request.root_path(),
          .pause_gc = request.pause_gc(),
          .gc_pause_address = request.gc_pause_address()};
}

milvus_backup::RestoreRequest from_proto(const pb::RestoreRequest& request) {
  return {.job_id = request.job_id(),
          .options = {.backup_name = request.backup_name(),
                      .filter = request.filter(),
                      .suffix = request.suffix(),
                      .rename = request.rename(),
                      .drop_exist_collection = request.drop_exist_collection(),
                      .drop_exist_index = request.drop_exist_index(),
                      .skip_create_collection = request.skip_create_collection(),
                      .rebuild_index = request.rebuild_index(),
                      .use_auto_index = request.use_auto_index(),
                      .meta_only = request.meta_only()},
          .backup_root_path = request.root_path(),
          .bucket_name = request.bucket_name()};
}

}  // namespace mb::server
