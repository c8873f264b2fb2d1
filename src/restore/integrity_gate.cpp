#include "restore/integrity_gate.h"

#include <set>

#include "util/log.h"

namespace mb::restore {

Result<std::optional<verify::RecordedChecksums>> check_backup_integrity(storage::ObjectStore& backup_store,
                                                                         const std::string& backup_dir,
                                                                         const RestoreOptions& options,
                                                                         const RestorePlan& plan) {
  if (options.skip_integrity_check) {
    spdlog::warn("--skip_integrity_check: the files of backup {} go to Milvus UNCHECKED; a damaged file can make "
                 "the import fail, import wrong data, or crash Milvus. Run `milvus-backup verify -n {} --read-data` "
                 "to know whether it is damaged",
                 options.backup_name, options.backup_name);
    return std::optional<verify::RecordedChecksums>();
  }
  // --meta_only hands Milvus no file: only the meta needs to be whole.
  std::set<int64_t> collection_ids;
  if (!options.meta_only) {
    for (const auto& task : plan.collections) collection_ids.insert(task.source.collection_id);
  }
  MB_TRY(recorded, verify::require_intact_structure(backup_store, backup_dir, options.backup_name, collection_ids));
  return std::optional<verify::RecordedChecksums>(std::move(recorded));
}

}  // namespace mb::restore
