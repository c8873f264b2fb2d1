// From what was read from Milvus to what the backup is: the BackupInfo tree to write as meta and
// the copy jobs (Milvus key -> backup key) that put every binlog in place. Pure: no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "copy/copy_job.h"
#include "meta/backup_manifest.h"
#include "meta/backup_model.h"
#include "util/error.h"

namespace mb::backup {

struct CollectionContent {
  meta::CollectionBackupInfo collection{};          // DDL and flush checkpoint; no segments yet
  std::vector<meta::SegmentBackupInfo> segments{};  // as segment_lister groups them; empty for meta_only
};

struct BackupContent {
  std::string id{};  // the task id
  std::string name{};
  std::string milvus_version{};
  std::vector<meta::DatabaseBackupInfo> databases{};
  std::vector<CollectionContent> collections{};
};

struct BackupPlan {
  meta::BackupInfo info{};
  std::vector<copy::CopyJob> jobs{};
};

// Places each segment as the Go tool's metaBuilder.addSegments does: an L0 segment of partition -1
// in the collection's l0_segments, every other one in its partition (a segment of a partition the
// collection does not list is left out with a warning, as in the Go tool); sizes are summed up
// the tree. Jobs copy each insert log to binlogs/insert_log/C/P/G/S/F/L and each delta log to
// binlogs/delta_log/C/P/G/S/L (backup_layout.h) under `backup_dir`. Error(kInternal) for a segment
// filed under the wrong collection.
Result<BackupPlan> plan_backup(std::string_view backup_dir, BackupContent content);

// Our manifest: every copied file relative to `backup_dir`, with size and CRC32C. Error(kInternal)
// when an object has no checksum or lies outside the backup directory.
Result<meta::BackupManifest> build_manifest(std::string_view backup_dir, const std::vector<copy::CopiedObject>& copied,
                                            int64_t start_time_unix_ms, int64_t end_time_unix_ms);

}  // namespace mb::backup
