// The restore plan: from a backup's meta and the user's options to the work per collection, with
// no I/O. Which collections, under which target names, which partitions to make, and which import
// jobs (directory prefixes of the backup plus Milvus import options) bring their data back.
//
// Import jobs follow the Go tool's V1 path (one Import RPC per segment group):
//   segments with group ids   one job per group:  [binlogs/insert_log/C/P/G/, binlogs/delta_log/C/P/G/]
//   old backups (group id 0)  one job per partition: [binlogs/insert_log/C/P/, binlogs/delta_log/C/P/]
//   options backup=true, skip_disk_quota_check=true; storage_version=<v> when > 0
//   L0 segments (Milvus 2.4+) one job per segment: [binlogs/delta_log/C/P/S/] with l0_import=true,
//                            partition "" for collection-level ones (P = -1); run after every data job
// No end_ts is sent: Milvus 2.3 reads it as physical time and would overflow a TSO.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "meta/backup_model.h"
#include "milvus/milvus_types.h"
#include "restore/restore_options.h"
#include "util/error.h"

namespace mb::restore {

struct ImportJob {
  std::string partition{};  // target partition name; "" = every partition (collection-level L0)
  // Keys relative to the backup store, ending in '/'. An L0 job has only delta_log_dir.
  std::string insert_log_dir{};
  std::string delta_log_dir{};
  bool l0 = false;
  milvus::KeyValues options{};
  int64_t rows = 0;                     // rows the backup meta records for the segments (before deletes)
  std::vector<int64_t> segment_ids{};  // the backed-up segments this job carries, for messages
};

struct CollectionTask {
  meta::CollectionBackupInfo source{};  // partitions and segments included
  std::string target_db{};
  std::string target_collection{};
  std::vector<std::string> partitions{};  // backup partition names, in backup order
  std::vector<ImportJob> imports{};       // empty with meta_only

  std::string target_label() const { return target_db + "." + target_collection; }
  std::string source_db() const;  // the backed-up database, "default" when the meta has none
};

struct RestorePlan {
  std::vector<std::string> databases{};  // target databases, each once, in first-use order
  std::vector<CollectionTask> collections{};
};

struct PlanContext {
  std::string backup_dir{};  // "<root>/<name>/" in the backup store
  bool l0_import_supported = false;  // Milvus 2.4+ (Feature::kImportV2)
};

// Error(kInvalidArgument) for a bad filter/rename, for two backup collections landing on one target
// name, and when nothing in the backup passes the filter. Error(kCorrupt) when a collection lacks
// its schema. Error(kInvalidArgument) when the backup has L0 segments and the target cannot import
// them (Milvus 2.3).
Result<RestorePlan> plan_restore(const meta::BackupInfo& backup, const RestoreOptions& options,
                                 const PlanContext& context);

// The import options for one job (exposed for tests and for messages).
milvus::KeyValues import_options(bool l0, int64_t storage_version);

}  // namespace mb::restore
