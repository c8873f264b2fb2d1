// The meta/ files of a backup, as the Go tool writes and reads them.
//
// Written in this order, full_meta.json last: its presence is what marks a backup complete.
//   backup_meta.json      BackupInfo scalars only (id, name, format, backup_timestamp, size,
//                         milvus_version; state_code 0)
//   collection_meta.json  {"infos":[collections]}, partitions without segments, no l0_segments
//   partition_meta.json   {"infos":[partitions]} without segments
//   segment_meta.json     {"infos":[segments of every partition]}; NOT the collection-level L0
//                         segments, which only full_meta.json has
//   full_meta.json        the whole tree
// A snapshot-format backup has no partition_meta.json / segment_meta.json.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "meta/backup_manifest.h"
#include "meta/backup_model.h"
#include "util/error.h"

namespace mb::meta {

inline constexpr std::string_view kBackupMetaFile = "backup_meta.json";
inline constexpr std::string_view kCollectionMetaFile = "collection_meta.json";
inline constexpr std::string_view kPartitionMetaFile = "partition_meta.json";
inline constexpr std::string_view kSegmentMetaFile = "segment_meta.json";
inline constexpr std::string_view kFullMetaFile = "full_meta.json";

// (file name under meta/, content), in write order, full_meta.json last.
std::vector<std::pair<std::string, std::string>> encode_meta_files(const BackupInfo& info);
// The same, with our manifest (backup_manifest.h) first: a backup with any level file and no
// manifest is then Go-made, so the level files without full_meta.json are a create of ours cut
// short, never mistaken for an old Go-made backup; one with full_meta.json has its manifest too.
// The manifest's meta_files are set to the size and CRC32C of the other five files, whose content
// is known before any is written.
std::vector<std::pair<std::string, std::string>> encode_meta_files(const BackupInfo& info,
                                                                   BackupManifest manifest);

// Returns a meta file's content by its name under meta/, nullopt when it does not exist.
using MetaFileLookup = std::function<Result<std::optional<std::string>>(std::string_view file_name)>;

// Reads a backup's meta like the Go tool: full_meta.json when it exists, otherwise the four level
// files re-assembled into a tree (segments grouped by collection and partition id; partition,
// collection and backup sizes recomputed as sums of segment sizes). Without full_meta.json and
// with any level file missing the backup is incomplete: Error(kNotFound) when there is no meta at
// all, Error(kCorrupt) when only some of it is there. A format other than binlog is refused
// (require_supported_format).
Result<BackupInfo> decode_meta_files(const MetaFileLookup& lookup);

// Error(kInvalidArgument) for a Milvus 3.0 snapshot backup, Error(kCorrupt) for an unknown format.
Status require_supported_format(const BackupInfo& info);

}  // namespace mb::meta
