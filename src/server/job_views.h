// The `data` of backup and restore answers, in the Go tool's message shapes and field order:
// BackupInfoBrief (id, state_code, errorMessage, start_time, end_time, progress, name, ...) and
// RestoreBackupTaskResponse. Zero values are omitted except state_code, progress, size, meta_size.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>

#include "api/backup_api.h"
#include "api/job_record.h"
#include "util/error.h"

namespace mb::server {

// A backup known only as a job (running, failed, or not readable from storage).
nlohmann::ordered_json backup_task_view(const api::JobRecord& job);

// A backup as stored, with the task fields from the job that made it when this server ran it;
// a stored backup is complete, so state_code is SUCCESS and progress 100.
Result<nlohmann::ordered_json> stored_backup_view(const api::BackupDetails& details,
                                                  const std::optional<api::JobRecord>& job);

// One entry of `list`.
nlohmann::ordered_json backup_listing_view(const api::BackupListing& listing);

nlohmann::ordered_json restore_task_view(const api::JobRecord& job);

// Ours: the task head, the backup verified ("name", absent for all), and once it ended its
// "report" (verify --output json).
nlohmann::ordered_json verify_task_view(const api::JobRecord& job);

}  // namespace mb::server
