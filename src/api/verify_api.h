// The library's verify: is a backup whole, and would it restore? Wiring only; the work is in
// src/verify/.
#pragma once

#include "api/progress.h"
#include "config/config.h"
#include "util/cancellation.h"
#include "util/error.h"
#include "verify/backup_verifier.h"

namespace mb::api {

using VerifyOptions = verify::VerifyOptions;
using VerifyReport = verify::VerifyReport;
using VerifySubset = verify::Subset;

// Where a running verify is; safe to sample from any thread while verify_backups runs. Phase
// "structure" while meta and listings are checked, "read" while files are read (--read-data).
class VerifyProgress {
 public:
  ProgressSnapshot snapshot() const;
  verify::VerifyProgress& counters() { return counters_; }

 private:
  verify::VerifyProgress counters_;
};

// Verifies the backups options.names (every backup under config.backup.storage when empty).
// Reads run with transfer.concurrency workers under the process-wide copy memory budget. An error
// only when the backup storage cannot be opened or listed, or on cancel; a backup that could not
// be read has its verdict's error set (VerifyReport::exit_code() 2).
Result<VerifyReport> verify_backups(const config::Config& config, VerifyOptions options,
                                    const CancellationToken* cancel = nullptr, VerifyProgress* progress = nullptr);

// Parses --read-data-subset ("N/M" or "P%"). Error(kInvalidArgument).
Result<VerifySubset> parse_verify_subset(std::string_view text);

}  // namespace mb::api
