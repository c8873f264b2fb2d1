// Where things live, in a backup and in Milvus's bucket: pure key computations, byte-identical to
// the Go tool's (internal/storage/mpath), so that either tool finds the other's files.
//
//   <backup root>/<name>/meta/<file>.json
//   <backup root>/<name>/binlogs/insert_log/C/P/G/S/F/L   copy of <milvus root>/insert_log/C/P/S/F/L
//   <backup root>/<name>/binlogs/delta_log/C/P/G/S/L      copy of <milvus root>/delta_log/C/P/S/L
//   <backup root>/<name>/binlogs/delta_log/C/-1/S/L       collection-level L0 deletes: no group level
//
// G, the group id, is a "virtual partition": Milvus imports a backup by directory prefix, and the
// extra level lets one import job name many segments. It is the segment id for every segment of a
// real partition. Very old backups have group id 0 and no such level.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "meta/backup_model.h"
#include "util/error.h"

namespace mb::meta {

inline constexpr std::string_view kMetaDirName = "meta";
inline constexpr std::string_view kBinlogDirName = "binlogs";
// Beside meta/ and binlogs/, a backup dir may hold the lock of the create writing it and the
// journals of restores from it; neither is backup data.
inline constexpr std::string_view kBackupLockFileName = "backup.lock.json";
inline constexpr std::string_view kRestoreJournalDirName = "restore_journal";
inline constexpr std::string_view kInsertLogDirName = "insert_log";
inline constexpr std::string_view kDeltaLogDirName = "delta_log";

// Go's path.Join: the non-empty elements joined by '/', then lexically cleaned like path.Clean
// (duplicate slashes, "." and ".." resolved). "" when every element is empty.
std::string join_key(std::initializer_list<std::string_view> elements);

// "<root>/<name>/"
std::string backup_dir(std::string_view backup_root, std::string_view backup_name);
// "<backup dir>meta/<file>"
std::string meta_key(std::string_view backup_dir, std::string_view meta_file_name);

// The group id a segment is backed up under.
inline int64_t segment_group_id(int64_t partition_id, int64_t segment_id) {
  return partition_id == kAllPartitionsId ? 0 : segment_id;
}

enum class BinlogKind { kInsert, kDelta };

// The ids a binlog key encodes. field_id: the field (or storage-v2 column group) of an insert log;
// 0 for a delta log, whose key has no field level.
struct BinlogIds {
  BinlogKind kind = BinlogKind::kInsert;
  int64_t collection_id = 0;
  int64_t partition_id = 0;
  int64_t segment_id = 0;
  int64_t field_id = 0;
  int64_t log_id = 0;
  bool operator==(const BinlogIds&) const = default;
};

struct SourceBinlogKey {
  std::string milvus_root;  // what precedes insert_log/ or delta_log/, "" when nothing does
  BinlogIds ids;
  bool operator==(const SourceBinlogKey&) const = default;
};

// Parses a key of Milvus's bucket as the Go tool's regexes do:
//   insert ^(?:(.+)/)?insert_log/(\d+)/(\d+)/(\d+)/(\d+)/(\d+)$
//   delta  ^(?:(.+)/)?delta_log/(\d+)/(-?\d+)/(\d+)/(\d+)$
// Anything else (stats logs, index files, a prefix ending in '/', an id beyond int64) is
// Error(kInvalidArgument).
Result<SourceBinlogKey> parse_source_binlog_key(std::string_view key);

// The key a binlog is copied to. The group level is left out only for delta logs of partition -1.
std::string backup_binlog_key(std::string_view backup_dir, const BinlogIds& ids, int64_t group_id);
// The same, from the Milvus key it is copied from.
Result<std::string> backup_key_of_source(std::string_view backup_dir, std::string_view source_key,
                                         int64_t group_id);

// What the backup lists in Milvus's bucket for one segment: "<root>/insert_log/C/P/S/" and
// "<root>/delta_log/C/P/S/".
std::string milvus_segment_insert_log_dir(std::string_view milvus_root, int64_t collection_id,
                                          int64_t partition_id, int64_t segment_id);
std::string milvus_segment_delta_log_dir(std::string_view milvus_root, int64_t collection_id,
                                         int64_t partition_id, int64_t segment_id);

// One collection's copies in the backup, "binlogs/insert_log/C/" and "binlogs/delta_log/C/": what
// the Go tool lists to verify them.
std::string backup_collection_insert_log_dir(std::string_view backup_dir, int64_t collection_id);
std::string backup_collection_delta_log_dir(std::string_view backup_dir, int64_t collection_id);

// The directory prefixes a restore hands to Milvus's import. The Go restore passes the delta
// directory only when something exists under it.
struct ImportDirs {
  std::string insert_log_dir;
  std::string delta_log_dir;
  bool operator==(const ImportDirs&) const = default;
};

// One segment group: "binlogs/insert_log/C/P/G/" and "binlogs/delta_log/C/P/G/".
ImportDirs segment_group_import_dirs(std::string_view backup_dir, int64_t collection_id, int64_t partition_id,
                                     int64_t group_id);
// A whole partition of an old backup without group ids: "binlogs/insert_log/C/P/", "binlogs/delta_log/C/P/".
ImportDirs partition_import_dirs(std::string_view backup_dir, int64_t collection_id, int64_t partition_id);
// An L0 segment, of a partition or of the whole collection (P = -1): "binlogs/delta_log/C/P/S/".
std::string l0_segment_import_dir(std::string_view backup_dir, int64_t collection_id, int64_t partition_id,
                                  int64_t segment_id);
// Whether a partition's data is imported per segment group (some non-L0 segment has a group id) or,
// as the Go restore does for old backups, as one whole-partition import.
bool partition_has_group_dirs(const PartitionBackupInfo& partition);

}  // namespace mb::meta
