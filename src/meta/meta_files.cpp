#include "meta/meta_files.h"

#include <map>

#include "meta/backup_layout.h"
#include "meta/meta_json.h"
#include "util/crc32c.h"

namespace mb::meta {

namespace {

std::string meta_path(std::string_view file_name) {
  return std::string(kMetaDirName) + "/" + std::string(file_name);
}

// backup_meta.json carries the scalars HEAD's buildBackupMeta copies, and v0.4's task fields
// (state, times, progress) that its `get` reads.
BackupInfo backup_level(const BackupInfo& info) {
  BackupInfo scalars;
  scalars.id = info.id;
  scalars.state_code = info.state_code;
  scalars.error_message = info.error_message;
  scalars.start_time = info.start_time;
  scalars.end_time = info.end_time;
  scalars.progress = info.progress;
  scalars.name = info.name;
  scalars.format = info.format;
  scalars.backup_timestamp = info.backup_timestamp;
  scalars.size = info.size;
  scalars.milvus_version = info.milvus_version;
  return scalars;
}

struct LevelLists {
  std::vector<CollectionBackupInfo> collections;
  std::vector<PartitionBackupInfo> partitions;
  std::vector<SegmentBackupInfo> segments;
};

LevelLists split_into_levels(const BackupInfo& info) {
  LevelLists levels;
  for (const CollectionBackupInfo& collection : info.collection_backups) {
    CollectionBackupInfo stripped_collection = collection;
    stripped_collection.l0_segments.clear();
    for (PartitionBackupInfo& partition : stripped_collection.partition_backups) {
      for (SegmentBackupInfo& segment : partition.segment_backups) levels.segments.push_back(std::move(segment));
      partition.segment_backups.clear();
      levels.partitions.push_back(partition);
    }
    levels.collections.push_back(std::move(stripped_collection));
  }
  return levels;
}

std::vector<std::pair<std::string, std::string>> encode_level_files(const BackupInfo& info) {
  LevelLists levels = split_into_levels(info);
  std::vector<std::pair<std::string, std::string>> files;
  files.emplace_back(kBackupMetaFile, encode_backup_info(backup_level(info)));
  files.emplace_back(kCollectionMetaFile, encode_collection_level(levels.collections));
  // The snapshot format has no segments to list.
  if (info.format != kFormatSnapshot) {
    files.emplace_back(kPartitionMetaFile, encode_partition_level(levels.partitions));
    files.emplace_back(kSegmentMetaFile, encode_segment_level(levels.segments));
  }
  return files;
}

template <class T>
int64_t sum_of_sizes(const std::vector<T>& items) {
  int64_t total = 0;
  for (const T& item : items) total += item.size;
  return total;
}

// Go's levelToTree.
BackupInfo assemble_tree(BackupInfo backup, LevelLists levels) {
  std::map<std::pair<int64_t, int64_t>, std::vector<SegmentBackupInfo>> segments_by_partition;
  for (SegmentBackupInfo& segment : levels.segments) {
    segments_by_partition[{segment.collection_id, segment.partition_id}].push_back(std::move(segment));
  }

  std::map<int64_t, std::vector<PartitionBackupInfo>> partitions_by_collection;
  for (PartitionBackupInfo& partition : levels.partitions) {
    partition.segment_backups = std::move(segments_by_partition[{partition.collection_id, partition.partition_id}]);
    partition.size = sum_of_sizes(partition.segment_backups);
    partitions_by_collection[partition.collection_id].push_back(std::move(partition));
  }

  for (CollectionBackupInfo& collection : levels.collections) {
    collection.partition_backups = std::move(partitions_by_collection[collection.collection_id]);
    collection.size = sum_of_sizes(collection.partition_backups);
  }
  backup.collection_backups = std::move(levels.collections);
  backup.size = sum_of_sizes(backup.collection_backups);
  return backup;
}

Result<BackupInfo> decode_level_files(const MetaFileLookup& lookup) {
  MB_TRY(backup_text, lookup(kBackupMetaFile));
  MB_TRY(collection_text, lookup(kCollectionMetaFile));
  MB_TRY(partition_text, lookup(kPartitionMetaFile));
  MB_TRY(segment_text, lookup(kSegmentMetaFile));
  if (!backup_text && !collection_text && !partition_text && !segment_text) {
    return fail(ErrorCode::kNotFound, "no backup meta: neither meta/full_meta.json nor meta/backup_meta.json exists");
  }

  std::optional<BackupInfo> backup;
  if (backup_text) {
    MB_TRY(decoded, decode_backup_info(*backup_text, meta_path(kBackupMetaFile)));
    // Checked first: a snapshot backup legitimately lacks the partition and segment files.
    MB_CHECK(require_supported_format(decoded));
    backup = std::move(decoded);
  }

  std::string missing;
  for (const auto& [name, text] : {std::pair{kBackupMetaFile, &backup_text}, {kCollectionMetaFile, &collection_text},
                                   {kPartitionMetaFile, &partition_text}, {kSegmentMetaFile, &segment_text}}) {
    if (!text->has_value()) missing += (missing.empty() ? "" : ", ") + meta_path(name);
  }
  if (!missing.empty()) {
    return fail(Error(ErrorCode::kCorrupt, "backup is incomplete: no meta/full_meta.json, and missing " + missing)
                    .with("missing", missing));
  }

  MB_TRY(collections, decode_collection_level(*collection_text, meta_path(kCollectionMetaFile)));
  MB_TRY(partitions, decode_partition_level(*partition_text, meta_path(kPartitionMetaFile)));
  MB_TRY(segments, decode_segment_level(*segment_text, meta_path(kSegmentMetaFile)));
  return assemble_tree(std::move(*backup), {std::move(collections), std::move(partitions), std::move(segments)});
}

}  // namespace

std::vector<std::pair<std::string, std::string>> encode_meta_files(const BackupInfo& info) {
  auto files = encode_level_files(info);
  files.emplace_back(kFullMetaFile, encode_backup_info(info));
  return files;
}

std::vector<std::pair<std::string, std::string>> encode_meta_files(const BackupInfo& info,
                                                                   BackupManifest manifest) {
  auto level_files = encode_level_files(info);
  std::string full_meta = encode_backup_info(info);
  manifest.meta_files.clear();
  for (const auto& [name, content] : level_files) {
    manifest.meta_files.push_back({meta_path(name), static_cast<int64_t>(content.size()), crc32c(content)});
  }
  manifest.meta_files.push_back({meta_path(kFullMetaFile), static_cast<int64_t>(full_meta.size()), crc32c(full_meta)});
  std::vector<std::pair<std::string, std::string>> files;
  files.emplace_back(kBackupManifestFile, encode_backup_manifest(manifest));
  for (auto& file : level_files) files.push_back(std::move(file));
  files.emplace_back(kFullMetaFile, std::move(full_meta));
  return files;
}

Result<BackupInfo> decode_meta_files(const MetaFileLookup& lookup) {
  MB_TRY(full_text, lookup(kFullMetaFile));
  if (!full_text) return decode_level_files(lookup);
  MB_TRY(info, decode_backup_info(*full_text, meta_path(kFullMetaFile)));
  MB_CHECK(require_supported_format(info));
  return info;
}

Status require_supported_format(const BackupInfo& info) {
  if (info.format == kFormatBinlog) return {};
  if (info.format == kFormatSnapshot) {
    return fail(Error(ErrorCode::kInvalidArgument,
                      "backup " + info.name +
                          " is a Milvus 3.0 snapshot backup (format \"snapshot\"), which this tool does not support")
                    .with("format", info.format));
  }
  return fail(Error(ErrorCode::kCorrupt, "backup " + info.name + " has an unknown format \"" + info.format + "\"")
                  .with("format", info.format));
}

}  // namespace mb::meta
