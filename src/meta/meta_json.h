// The JSON of the backup meta, exactly as the Go tool writes it (plain encoding/json on its
// golang/protobuf structs) and as tolerant as the Go tool when reading it.
//
// Writing: keys are the proto's original field names in field order (`fieldID`, `autoID`, ...);
// zero scalars, empty lists/maps and unset messages are left out, except `size`, `has_index`,
// `log_size` and BackupInfo's `state_code`, which Go always writes; enums are bare numbers; 64-bit
// integers are exact; a field's default value goes out as `default_value_base64`, never as
// `default_value`; the text is compact and has no trailing newline.
//
// Reading: missing keys and nulls leave zero values, unknown keys are ignored, keys match field
// names ignoring ASCII case with the last matching member winning (as in Go), and the v0.4.x shapes
// are accepted
// (Binlog without log_id: taken from the last element of log_path). A value of the wrong JSON type
// is an Error(kCorrupt) whose message names the file and the JSON path of the value, e.g.
// "meta/full_meta.json: collection_backups[0].partition_backups[1].size: expected an integer, got a string".
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "meta/backup_model.h"
#include "util/error.h"

namespace mb::meta {

std::string encode_backup_info(const BackupInfo& info);
// file_name only labels errors ("meta/full_meta.json").
Result<BackupInfo> decode_backup_info(std::string_view json, std::string_view file_name);

// The level files' wrappers: {"infos":[...]}.
std::string encode_collection_level(std::span<const CollectionBackupInfo> collections);
std::string encode_partition_level(std::span<const PartitionBackupInfo> partitions);
std::string encode_segment_level(std::span<const SegmentBackupInfo> segments);
Result<std::vector<CollectionBackupInfo>> decode_collection_level(std::string_view json,
                                                                  std::string_view file_name);
Result<std::vector<PartitionBackupInfo>> decode_partition_level(std::string_view json,
                                                                std::string_view file_name);
Result<std::vector<SegmentBackupInfo>> decode_segment_level(std::string_view json,
                                                            std::string_view file_name);

}  // namespace mb::meta
