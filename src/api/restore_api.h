// The library's restore side. Wiring only; the work is in src/restore/.
#pragma once

#include "api/progress.h"
#include "config/config.h"
#include "restore/restore_options.h"
#include "restore/restore_runner.h"
#include "util/cancellation.h"
#include "util/error.h"

namespace mb::api {

using RestoreOptions = restore::RestoreOptions;
using RestoreResult = restore::RestoreResult;

// Where a running restore is; safe to sample from any thread while restore_backup runs.
class RestoreProgress {
 public:
  ProgressSnapshot snapshot() const;
  restore::RestoreProgress& counters() { return counters_; }

 private:
  restore::RestoreProgress counters_;
};

// Restores into the Milvus of config.milvus (its storage: config.milvus.storage) from the backup
// named options.backup_name under config.backup.storage. Error(kNotFound) "backup <name> not found".
Result<RestoreResult> restore_backup(const config::Config& config, const RestoreOptions& options,
                                     const CancellationToken* cancel = nullptr, RestoreProgress* progress = nullptr);

}  // namespace mb::api
