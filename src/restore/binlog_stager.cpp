#include "restore/binlog_stager.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "meta/backup_layout.h"
#include "storage/store_factory.h"
#include "util/log.h"

namespace mb::restore {
namespace {

bool is_local(const config::StorageConfig& storage) { return storage.provider == "local"; }

// What the meta says each segment's backup holds: the key of every binlog with a known log id.
std::set<std::string> expected_keys(const std::string& backup_dir, const meta::CollectionBackupInfo& collection) {
  std::set<std::string> keys;
  for (const auto& partition : collection.partition_backups) {
    // Old backups have no group level, and the keys of their files are not derivable from ids alone.
    if (!meta::partition_has_group_dirs(partition)) continue;
    for (const auto& segment : partition.segment_backups) {
      if (segment.is_l0) continue;
      const int64_t group = segment.group_id;
      auto add = [&](const std::vector<meta::FieldBinlog>& logs, meta::BinlogKind kind) {
        for (const auto& field : logs) {
          for (const auto& binlog : field.binlogs) {
            if (binlog.log_id == 0) continue;
            meta::BinlogIds ids{.kind = kind, .collection_id = collection.collection_id,
                                .partition_id = partition.partition_id, .segment_id = segment.segment_id,
                                .field_id = kind == meta::BinlogKind::kInsert ? field.field_id : 0,
                                .log_id = binlog.log_id};
            keys.insert(meta::backup_binlog_key(backup_dir, ids, group));
          }
        }
      };
      add(segment.binlogs, meta::BinlogKind::kInsert);
      add(segment.deltalogs, meta::BinlogKind::kDelta);
    }
  }
  return keys;
}

struct ListedJob {
  std::vector<storage::ObjectInfo> insert_objects;
  std::vector<storage::ObjectInfo> delta_objects;
};

Result<std::vector<ListedJob>> list_backup_files(const StagingTarget& target, const CollectionTask& task) {
  std::vector<ListedJob> listed;
  std::set<std::string> present;
  for (const auto& job : task.imports) {
    ListedJob files;
    if (!job.insert_log_dir.empty()) {
      MB_TRY(objects, target.backup_store->list_all(job.insert_log_dir));
      if (objects.empty()) {
        return fail(Error(ErrorCode::kNotFound, "the backup has no insert binlogs where its meta lists segments")
                        .with("collection", task.source.db_name + "." + task.source.collection_name)
                        .with("dir", job.insert_log_dir)
                        .with("store", target.backup_store->describe()));
      }
      files.insert_objects = std::move(objects);
    }
    MB_TRY(deltas, target.backup_store->list_all(job.delta_log_dir));
    files.delta_objects = std::move(deltas);
    for (const auto* objects : {&files.insert_objects, &files.delta_objects}) {
      for (const auto& object : *objects) present.insert(object.key);
    }
    listed.push_back(std::move(files));
  }
  for (const auto& key : expected_keys(target.backup_dir, task.source)) {
    if (!present.contains(key)) {
      return fail(Error(ErrorCode::kNotFound, "a binlog the backup meta lists is missing from the backup")
                      .with("collection", task.source.db_name + "." + task.source.collection_name)
                      .with("key", key)
                      .with("store", target.backup_store->describe()));
    }
  }
  return listed;
}

}  // namespace

std::string temp_root(const config::StorageConfig& milvus_storage) {
  if (!is_local(milvus_storage)) return "";
  const std::string root = storage::root_prefix(milvus_storage);
  return root.empty() ? "" : root + "/";
}

namespace {

// What the integrity check compares, by the key below the backup dir.
std::vector<verify::StagedFile> listed_files(const StagingTarget& target, const std::vector<ListedJob>& listed) {
  std::vector<verify::StagedFile> files;
  for (const auto& job : listed) {
    for (const auto* objects : {&job.insert_objects, &job.delta_objects}) {
      for (const auto& object : *objects) {
        files.push_back({.backup_key = object.key.substr(target.backup_dir.size()), .staged_key = object.key,
                         .size = object.size});
      }
    }
  }
  return files;
}

std::vector<verify::StagedFile> copied_files(const StagingTarget& target, const std::vector<copy::CopyJob>& jobs,
                                             const std::vector<copy::CopiedObject>& copied) {
  std::vector<verify::StagedFile> files;
  for (size_t i = 0; i < jobs.size(); ++i) {
    files.push_back({.backup_key = jobs[i].src_key.substr(target.backup_dir.size()), .staged_key = copied[i].dst_key,
                     .crc32c = copied[i].crc32c, .size = copied[i].size});
  }
  return files;
}

Status check_files(const StagingTarget& target, const std::vector<verify::StagedFile>& files,
                   storage::ObjectStore& store, const CancellationToken* cancel) {
  if (target.checksums == nullptr) return {};
  const verify::DataCheckOptions options{.concurrency = std::max(target.copy_options.concurrency, 1),
                                         .buffer_size = target.copy_options.buffer_size,
                                         .memory_budget_bytes = target.copy_options.memory_budget_bytes};
  return verify::require_recorded_checksums(store, target.backup_name, target.backup_dir, files, *target.checksums,
                                            options, cancel);
}

}  // namespace

bool needs_staging(const StagingTarget& target) {
  if (!target.allow_server_side) return true;
  if (target.backup_store->identity() != target.milvus_store->identity()) return true;
  if (!is_local(target.milvus_storage) && target.backup_storage.bucket_name != target.milvus_storage.bucket_name) {
    return true;
  }
  // A Milvus that sees its local storage under another path (localPath) can only be given keys
  // below its own root.
  return is_local(target.milvus_storage) && !target.milvus_storage.local_path.empty();
}

std::string temp_dir_name(const std::string& task_id, const CollectionTask& task) {
  return fmt::format("{}{}-{}-{}/", kTempDirPrefix, task_id, task.target_db, task.target_collection);
}

Result<std::string> milvus_import_path(const config::StorageConfig& milvus_storage, const std::string& key) {
  if (!is_local(milvus_storage)) return key;
  if (milvus_storage.local_path.empty()) return "/" + key;
  const std::string root = storage::root_prefix(milvus_storage) + "/";
  if (!key.starts_with(root)) {
    return fail(Error(ErrorCode::kInternal, "a staged key is outside Milvus's storage root").with("key", key));
  }
  return meta::join_key({milvus_storage.local_path, key.substr(root.size())}) + (key.ends_with('/') ? "/" : "");
}

Status check_backup_files(const StagingTarget& target, const CollectionTask& task) {
  MB_CHECK(list_backup_files(target, task));
  return {};
}

Result<StagedCollection> stage_binlogs(const StagingTarget& target, const CollectionTask& task,
                                       const std::string& task_id, bool keep_temp_files,
                                       copy::CopyProgress* progress, const CancellationToken* cancel) {
  MB_TRY(listed, list_backup_files(target, task));
  const bool staging = needs_staging(target);
  StagedCollection staged;
  if (staging) staged.temp_prefix = temp_root(target.milvus_storage) + temp_dir_name(task_id, task);

  // Backup key -> the key Milvus reads it from.
  auto milvus_key = [&](const std::string& backup_key) {
    return staging ? staged.temp_prefix + backup_key.substr(target.backup_dir.size()) : backup_key;
  };
  std::vector<copy::CopyJob> jobs;
  for (size_t i = 0; i < task.imports.size(); ++i) {
    const auto& job = task.imports[i];
    const auto& files = listed[i];
    std::vector<std::string> import_files;
    if (!job.insert_log_dir.empty()) {
      MB_TRY(insert_path, milvus_import_path(target.milvus_storage, milvus_key(job.insert_log_dir)));
      import_files.push_back(std::move(insert_path));
    }
    if (!files.delta_objects.empty()) {
      MB_TRY(delta_path, milvus_import_path(target.milvus_storage, milvus_key(job.delta_log_dir)));
      import_files.push_back(std::move(delta_path));
    } else if (!job.l0) {
      import_files.emplace_back();  // Milvus 2.3 wants exactly [insert, delta]; "" means no deletes
    }
    staged.import_files.push_back(std::move(import_files));
    if (!staging) continue;
    for (const auto* objects : {&files.insert_objects, &files.delta_objects}) {
      for (const auto& object : *objects) {
        jobs.push_back(copy::CopyJob{.src_key = object.key, .dst_key = milvus_key(object.key), .size = object.size});
      }
    }
  }
  if (!staging) {
    // Imported in place: Milvus reads the backup's own files, so they are what is checked.
    MB_CHECK(check_files(target, listed_files(target, listed), *target.backup_store, cancel));
    return staged;
  }
  if (jobs.empty()) return staged;

  copy::CopyOptions options = target.copy_options;
  options.allow_server_side = target.allow_server_side;
  auto copied = copy::CopyEngine(options).run(*target.backup_store, *target.milvus_store, jobs, progress, cancel);
  auto checked = copied ? check_files(target, copied_files(target, jobs, *copied), *target.milvus_store, cancel)
                        : Status(std::unexpected(wrap(std::move(copied).error(),
                                                      "copy the backup's binlogs into Milvus's storage")));
  if (!checked) {
    if (!keep_temp_files) {
      if (auto removed = target.milvus_store->remove_prefix(staged.temp_prefix); !removed) {
        spdlog::warn("could not remove the restore temp files prefix={} error={}", staged.temp_prefix,
                     removed.error().to_string());
      }
    }
    return fail(std::move(checked).error().with("target", task.target_label()));
  }
  return staged;
}

}  // namespace mb::restore
