#include "backup/backup_plan.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "meta/backup_layout.h"

namespace mb::backup {
namespace {

void add_jobs(std::string_view backup_dir, const meta::SegmentBackupInfo& segment, std::vector<copy::CopyJob>& jobs) {
  auto add = [&](meta::BinlogKind kind, int64_t field_id, const meta::Binlog& binlog) {
    const meta::BinlogIds ids{.kind = kind,
                              .collection_id = segment.collection_id,
                              .partition_id = segment.partition_id,
                              .segment_id = segment.segment_id,
                              .field_id = field_id,
                              .log_id = binlog.log_id};
    jobs.push_back({.src_key = binlog.log_path,
                    .dst_key = meta::backup_binlog_key(backup_dir, ids, segment.group_id),
                    .size = static_cast<uint64_t>(binlog.log_size)});
  };
  for (const auto& field : segment.binlogs) {
    for (const auto& binlog : field.binlogs) add(meta::BinlogKind::kInsert, field.field_id, binlog);
  }
  for (const auto& field : segment.deltalogs) {
    for (const auto& binlog : field.binlogs) add(meta::BinlogKind::kDelta, 0, binlog);
  }
}

// Where a segment goes in the tree: the collection's l0_segments for an L0 segment of partition
// -1, else its partition; nullptr when the collection does not list that partition.
meta::PartitionBackupInfo* partition_of(meta::CollectionBackupInfo& collection, const meta::SegmentBackupInfo& segment) {
  auto partition = std::find_if(collection.partition_backups.begin(), collection.partition_backups.end(),
                                [&](const auto& p) { return p.partition_id == segment.partition_id; });
  return partition == collection.partition_backups.end() ? nullptr : &*partition;
}

bool is_collection_level_l0(const meta::SegmentBackupInfo& segment) {
  return segment.is_l0 && segment.partition_id == meta::kAllPartitionsId;
}

}  // namespace

Result<BackupPlan> plan_backup(std::string_view backup_dir, BackupContent content) {
  BackupPlan plan;
  plan.info.id = std::move(content.id);
  plan.info.name = std::move(content.name);
  plan.info.milvus_version = std::move(content.milvus_version);
  plan.info.format = std::string(meta::kFormatBinlog);
  plan.info.database_backups = std::move(content.databases);
  for (auto& [collection, segments] : content.collections) {
    for (auto& segment : segments) {
      if (segment.collection_id != collection.collection_id) {
        return fail(Error(ErrorCode::kInternal,
                          fmt::format("segment {} of collection {} was read for collection {}", segment.segment_id,
                                      segment.collection_id, collection.collection_id))
                        .with("collection", collection.collection_name));
      }
      if (is_collection_level_l0(segment)) {
        add_jobs(backup_dir, segment, plan.jobs);
        collection.size += segment.size;
        collection.l0_segments.push_back(std::move(segment));
        continue;
      }
      auto* partition = partition_of(collection, segment);
      if (partition == nullptr) {
        // The Go tool does the same for this Milvus inconsistency (milvus#47145, milvus#47154).
        spdlog::warn("collection {}.{}: segment {} belongs to partition {}, which the collection does not list: "
                     "left out",
                     collection.db_name, collection.collection_name, segment.segment_id, segment.partition_id);
        continue;
      }
      add_jobs(backup_dir, segment, plan.jobs);
      collection.size += segment.size;
      partition->size += segment.size;
      partition->segment_backups.push_back(std::move(segment));
    }
    plan.info.size += collection.size;
    plan.info.collection_backups.push_back(std::move(collection));
  }
  return plan;
}

Result<meta::BackupManifest> build_manifest(std::string_view backup_dir, const std::vector<copy::CopiedObject>& copied,
                                            int64_t start_time_unix_ms, int64_t end_time_unix_ms) {
  meta::BackupManifest manifest;
  manifest.tool_version = MB_VERSION;
  manifest.start_time_unix_ms = start_time_unix_ms;
  manifest.end_time_unix_ms = end_time_unix_ms;
  manifest.files.reserve(copied.size());
  for (const auto& object : copied) {
    if (!object.dst_key.starts_with(backup_dir)) {
      return fail(Error(ErrorCode::kInternal, "copied object lies outside the backup directory")
                      .with("key", object.dst_key)
                      .with("backup_dir", std::string(backup_dir)));
    }
    if (!object.crc32c) {
      return fail(Error(ErrorCode::kInternal, "copied object has no checksum").with("key", object.dst_key));
    }
    manifest.files.push_back({.key = object.dst_key.substr(backup_dir.size()),
                              .size = static_cast<int64_t>(object.size),
                              .crc32c = *object.crc32c});
  }
  return manifest;
}

}  // namespace mb::backup
