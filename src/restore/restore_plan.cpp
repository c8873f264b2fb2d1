#include "restore/restore_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "meta/backup_layout.h"
#include "meta/collection_filter.h"
#include "meta/collection_rename.h"

namespace mb::restore {
namespace {

constexpr std::string_view kDefaultDb = "default";

std::string db_or_default(const std::string& db) { return db.empty() ? std::string(kDefaultDb) : db; }

// Where one backup collection goes: a rename rule, else the suffix, else its own namespace.
std::vector<meta::Namespace> targets_of(const meta::CollectionBackupInfo& collection,
                                        const meta::CollectionRename& rename, const std::string& suffix) {
  const meta::Namespace source{db_or_default(collection.db_name), collection.collection_name};
  if (!suffix.empty()) return {meta::Namespace{source.db_name, source.collection_name + suffix}};
  return rename.apply(source);
}

void add_partition_imports(const std::string& backup_dir, const meta::CollectionBackupInfo& collection,
                           const meta::PartitionBackupInfo& partition, std::vector<ImportJob>& data,
                           std::vector<ImportJob>& l0) {
  const bool grouped = meta::partition_has_group_dirs(partition);
  // group id -> its job; std::map keeps the jobs in group order, which makes plans comparable.
  std::map<int64_t, ImportJob> groups;
  ImportJob whole_partition;
  for (const auto& segment : partition.segment_backups) {
    if (segment.is_l0) {
      ImportJob job{.partition = partition.partition_name,
                    .delta_log_dir = meta::l0_segment_import_dir(backup_dir, collection.collection_id,
                                                                 partition.partition_id, segment.segment_id),
                    .l0 = true,
                    .options = import_options(true, segment.storage_version),
                    .rows = segment.num_of_rows,
                    .segment_ids = {segment.segment_id}};
      l0.push_back(std::move(job));
      continue;
    }
    if (!grouped) {
      whole_partition.rows += segment.num_of_rows;
      whole_partition.segment_ids.push_back(segment.segment_id);
      continue;
    }
    auto [it, inserted] = groups.try_emplace(segment.group_id);
    ImportJob& job = it->second;
    if (inserted) {
      const auto dirs = meta::segment_group_import_dirs(backup_dir, collection.collection_id,
                                                        partition.partition_id, segment.group_id);
      job.partition = partition.partition_name;
      job.insert_log_dir = dirs.insert_log_dir;
      job.delta_log_dir = dirs.delta_log_dir;
      job.options = import_options(false, segment.storage_version);
    }
    job.rows += segment.num_of_rows;
    job.segment_ids.push_back(segment.segment_id);
  }
  for (auto& [group, job] : groups) data.push_back(std::move(job));
  if (!whole_partition.segment_ids.empty()) {
    const auto dirs = meta::partition_import_dirs(backup_dir, collection.collection_id, partition.partition_id);
    whole_partition.partition = partition.partition_name;
    whole_partition.insert_log_dir = dirs.insert_log_dir;
    whole_partition.delta_log_dir = dirs.delta_log_dir;
    whole_partition.options = import_options(false, 0);
    data.push_back(std::move(whole_partition));
  }
}

Result<std::vector<ImportJob>> plan_imports(const meta::CollectionBackupInfo& collection,
                                            const PlanContext& context) {
  std::vector<ImportJob> data;
  std::vector<ImportJob> l0;
  for (const auto& partition : collection.partition_backups) {
    add_partition_imports(context.backup_dir, collection, partition, data, l0);
  }
  for (const auto& segment : collection.l0_segments) {
    l0.push_back(ImportJob{.partition = "",
                           .delta_log_dir = meta::l0_segment_import_dir(context.backup_dir, collection.collection_id,
                                                                        segment.partition_id, segment.segment_id),
                           .l0 = true,
                           .options = import_options(true, segment.storage_version),
                           .rows = segment.num_of_rows,
                           .segment_ids = {segment.segment_id}});
  }
  if (!l0.empty() && !context.l0_import_supported) {
    return fail(Error(ErrorCode::kInvalidArgument,
                      "the backup has L0 delete segments, which the target Milvus cannot import (needs 2.4+)")
                    .with("collection", collection.db_name + "." + collection.collection_name)
                    .with("l0_segments", std::to_string(l0.size())));
  }
  // Deletes of L0 segments apply to rows already imported, so they go last.
  for (auto& job : l0) data.push_back(std::move(job));
  return data;
}

}  // namespace

std::string CollectionTask::source_db() const { return db_or_default(source.db_name); }

milvus::KeyValues import_options(bool l0, int64_t storage_version) {
  milvus::KeyValues options;
  options.emplace_back(l0 ? "l0_import" : "backup", "true");
  options.emplace_back("skip_disk_quota_check", "true");
  if (storage_version > 0) options.emplace_back("storage_version", std::to_string(storage_version));
  return options;
}

Result<RestorePlan> plan_restore(const meta::BackupInfo& backup, const RestoreOptions& options,
                                 const PlanContext& context) {
  MB_TRY(filter, meta::parse_collection_filter(options.filter));
  MB_TRY(source_filter, meta::parse_collection_filter(options.source_filter));
  MB_TRY(rename, meta::parse_collection_rename(options.rename));

  RestorePlan plan;
  std::map<std::string, std::string> source_of_target;  // "db.coll" -> the backup collection it comes from
  for (const auto& collection : backup.collection_backups) {
    if (!collection.schema) {
      return fail(Error(ErrorCode::kCorrupt, "the backup meta has a collection without schema")
                      .with("collection", collection.db_name + "." + collection.collection_name));
    }
    if (!source_filter.allows_collection(db_or_default(collection.db_name), collection.collection_name)) continue;
    const std::string source_label = db_or_default(collection.db_name) + "." + collection.collection_name;
    for (const auto& target : targets_of(collection, rename, options.suffix)) {
      if (!filter.allows_collection(target.db_name, target.collection_name)) continue;
      const std::string target_label = target.db_name + "." + target.collection_name;
      auto [it, fresh] = source_of_target.emplace(target_label, source_label);
      if (!fresh) {
        return fail(Error(ErrorCode::kInvalidArgument, "two backup collections would be restored to one collection")
                        .with("target", target_label)
                        .with("sources", it->second + ", " + source_label));
      }
      CollectionTask task{.source = collection, .target_db = target.db_name,
                          .target_collection = target.collection_name};
      for (const auto& partition : collection.partition_backups) task.partitions.push_back(partition.partition_name);
      if (!options.meta_only) {
        auto imports = plan_imports(collection, context);
        if (!imports) return fail(std::move(imports).error());
        task.imports = std::move(*imports);
      }
      if (std::find(plan.databases.begin(), plan.databases.end(), target.db_name) == plan.databases.end()) {
        plan.databases.push_back(target.db_name);
      }
      plan.collections.push_back(std::move(task));
    }
  }
  if (plan.collections.empty() && (!options.filter.empty() || !options.source_filter.empty())) {
    Error error(ErrorCode::kInvalidArgument, "no collection of the backup matches the filter");
    error.with("backup", backup.name);
    if (!options.source_filter.empty()) error.with("backup-side filter", options.source_filter);
    if (!options.filter.empty()) error.with("filter", options.filter);
    return fail(std::move(error));
  }
  return plan;
}

}  // namespace mb::restore
