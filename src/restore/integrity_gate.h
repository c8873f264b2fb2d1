// Restore refuses a damaged backup before Milvus sees any of it: before the first database or
// collection is created, the meta and the files of every collection the plan restores are checked
// as `verify` checks them (verify/structure_check.h: every meta file parses and matches its
// manifest checksum, every binlog is there with its recorded size). The CRC32C of each file is
// then checked as it is staged (binlog_stager.h), before its collection is created.
#pragma once

#include <optional>
#include <string>

#include "restore/restore_options.h"
#include "restore/restore_plan.h"
#include "storage/object_store.h"
#include "util/error.h"
#include "verify/backup_verifier.h"

namespace mb::restore {

// The manifest's checksums of the plan's files; nullopt with --skip_integrity_check, which it
// warns about. Error(kCorrupt) naming backup, collection and key when the backup is damaged.
Result<std::optional<verify::RecordedChecksums>> check_backup_integrity(storage::ObjectStore& backup_store,
                                                                         const std::string& backup_dir,
                                                                         const RestoreOptions& options,
                                                                         const RestorePlan& plan);

}  // namespace mb::restore
