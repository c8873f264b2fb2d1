// The library's synchronous calls, for a program that runs one backup or restore itself (the CLI):
// load the configuration, then create, list, get, delete, restore, verify and check against it. The option
// and result types are the library's own (src/api, src/backup, src/restore), named here under
// milvus_backup::. Link milvus_backup::milvus_backup (CMake package `milvus_backup`).
#pragma once

#include "api/backup_api.h"
#include "api/check.h"
#include "api/garbage_collection.h"
#include "api/restore_api.h"
#include "api/verify_api.h"
#include "config/config.h"
#include "config/loader.h"
#include "util/cancellation.h"
#include "util/error.h"

namespace milvus_backup {

using mb::CancellationToken;
using mb::Error;
using mb::ErrorCode;
using mb::Result;
using mb::Status;
using Config = mb::config::Config;
using ConfigLoadOptions = mb::config::LoadOptions;
using LoadedConfig = mb::config::Loaded;

using mb::api::BackupDetails;
using mb::api::BackupListing;
using mb::api::CheckLine;
using mb::api::CheckOutcome;
using mb::api::CheckReport;
using mb::api::CreateOptions;
using mb::api::CreateProgress;
using mb::api::CreateResult;
using mb::api::DeleteOutcome;
using mb::api::ProgressSnapshot;
using mb::api::GcOptions;
using mb::api::GcReport;
using mb::api::RestoreOptions;
using mb::api::RestoreProgress;
using mb::api::RestoreResult;
using mb::api::VerifyOptions;
using mb::api::VerifyProgress;
using mb::api::VerifyReport;
using mb::api::VerifySubset;

using mb::api::backup_info_json;
using mb::api::check_failures;
using mb::api::collect_garbage;
using mb::api::create_backup;
using mb::api::delete_backup;
using mb::api::get_backup;
using mb::api::list_backups;
using mb::api::render_check_report;
using mb::api::render_gc_report;
using mb::api::restore_backup;
using mb::api::run_check;
using mb::api::parse_verify_subset;
using mb::api::verify_backups;
using mb::verify::render_verify_json;
using mb::verify::render_verify_text;

// The configuration the CLI would use: backup.yaml (v2 or v1 schema), env variables, --set overrides.
inline Result<LoadedConfig> load_config(const ConfigLoadOptions& options) { return mb::config::load(options); }

}  // namespace milvus_backup
