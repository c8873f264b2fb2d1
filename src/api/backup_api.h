// The library's backup side: create, list, get and delete backups. Wiring only; the work is in
// src/backup/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/progress.h"
#include "backup/backup_catalog.h"
#include "backup/backup_options.h"
#include "backup/backup_progress.h"
#include "backup/backup_runner.h"
#include "config/config.h"
#include "util/cancellation.h"
#include "util/error.h"

namespace mb::api {

using CreateOptions = backup::CreateOptions;
using CreateResult = backup::CreateResult;
using BackupListing = backup::BackupListing;
using BackupDetails = backup::BackupDetails;
using DeleteOutcome = backup::DeleteOutcome;

// Where a running create is; safe to sample from any thread while create_backup runs.
class CreateProgress {
 public:
  ProgressSnapshot snapshot() const;
  backup::BackupProgress& counters() { return counters_; }

 private:
  backup::BackupProgress counters_;
};

// Cancelling `cancel` stops the backup at its next step; what it wrote is removed and the result is
// Error(kCancelled).
Result<CreateResult> create_backup(const config::Config& config, const CreateOptions& options,
                                   const CancellationToken* cancel = nullptr, CreateProgress* progress = nullptr);

// Every folder under the backup root, complete or not, in name order.
Result<std::vector<BackupListing>> list_backups(const config::Config& config);

Result<BackupDetails> get_backup(const config::Config& config, std::string_view name);

// The Go tool's `get` output: BackupInfoBrief, 4-space indented. With `detail`, the whole backup
// tree instead (partitions and segments included), laid out the same way.
Result<std::string> backup_info_json(const BackupDetails& details, bool detail);

Result<DeleteOutcome> delete_backup(const config::Config& config, std::string_view name);

}  // namespace mb::api
