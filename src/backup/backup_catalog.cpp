#include "backup/backup_catalog.h"

#include <spdlog/spdlog.h>

#include <map>

#include "meta/backup_layout.h"
#include "meta/meta_files.h"
#include "meta/meta_json.h"
#include "meta/names.h"

namespace mb::backup {
namespace {

// The files under a backup's meta/, by file name.
using MetaListing = std::map<std::string, storage::ObjectInfo, std::less<>>;

Result<MetaListing> list_meta(storage::ObjectStore& store, std::string_view backup_dir) {
  const auto meta_dir = std::string(backup_dir) + std::string(meta::kMetaDirName) + "/";
  auto listed = store.list_all(meta_dir, true);
  if (!listed) return fail(wrap(std::move(listed).error(), "list " + meta_dir));
  MetaListing files;
  for (auto& object : *listed) files.emplace(object.key.substr(meta_dir.size()), std::move(object));
  return files;
}

// Empty when the meta is complete, else what is missing.
std::string missing_meta(const MetaListing& files) {
  if (files.contains(meta::kFullMetaFile)) return {};
  if (files.empty()) return "no meta";
  std::string missing = "missing meta/" + std::string(meta::kFullMetaFile);
  for (const auto name : {meta::kBackupMetaFile, meta::kCollectionMetaFile, meta::kPartitionMetaFile,
                          meta::kSegmentMetaFile}) {
    if (!files.contains(name)) return missing + " and meta/" + std::string(name);
  }
  return {};  // an old backup: the four level files stand for full_meta.json
}

std::string dir_of(std::string_view backup_root, std::string_view name) { return meta::backup_dir(backup_root, name); }

Error not_found(storage::ObjectStore& store, std::string_view backup_root, std::string_view name) {
  return Error(ErrorCode::kNotFound, "backup " + std::string(name) + " not found")
      .with("backup", std::string(name))
      .with("store", store.describe())
      .with("prefix", dir_of(backup_root, name));
}

BackupListing describe_listed(storage::ObjectStore& store, std::string name, std::string_view backup_dir,
                              const MetaListing& files) {
  BackupListing listing{.name = std::move(name)};
  listing.problem = missing_meta(files);
  if (!listing.problem.empty()) return listing;
  // backup_meta.json has every scalar a listing shows and stays small when full_meta.json is big.
  const auto file = files.contains(meta::kBackupMetaFile) ? meta::kBackupMetaFile : meta::kFullMetaFile;
  auto text = store.get(meta::meta_key(backup_dir, file));
  if (!text) {
    listing.problem = text.error().to_string();
    return listing;
  }
  auto info = meta::decode_backup_info(*text, "meta/" + std::string(file));
  if (!info) {
    listing.problem = info.error().to_string();
    return listing;
  }
  listing.complete = true;
  listing.id = info->id;
  listing.size = info->size;
  listing.milvus_version = info->milvus_version;
  listing.start_time_ms = info->start_time;
  listing.end_time_ms = info->end_time;
  const auto stamp = files.find(files.contains(meta::kFullMetaFile) ? meta::kFullMetaFile : meta::kBackupMetaFile);
  listing.time_unix = stamp->second.mtime_unix;
  return listing;
}

}  // namespace

Result<std::vector<BackupListing>> list_backups(storage::ObjectStore& store, std::string_view backup_root) {
  const std::string root_dir = backup_root.empty() ? std::string() : std::string(backup_root) + "/";
  auto page = store.list_all(root_dir, false);
  if (!page) return fail(wrap(std::move(page).error(), "list backups under '" + root_dir + "'"));
  std::vector<BackupListing> out;
  for (const auto& entry : *page) {
    if (!entry.key.ends_with('/')) continue;  // a stray object, not a backup folder
    std::string name = entry.key.substr(root_dir.size(), entry.key.size() - root_dir.size() - 1);
    MB_TRY(files, list_meta(store, entry.key));
    out.push_back(describe_listed(store, std::move(name), entry.key, files));
  }
  return out;
}

Result<BackupDetails> get_backup(storage::ObjectStore& store, std::string_view backup_root, std::string_view name) {
  MB_CHECK(meta::validate_backup_name(name));
  const auto backup_dir = dir_of(backup_root, name);
  MB_TRY(files, list_meta(store, backup_dir));
  if (files.empty()) {
    MB_TRY(anything, store.exists_prefix(backup_dir));
    if (!anything) return fail(not_found(store, backup_root, name));
  }

  BackupDetails details;
  for (const auto& [file, object] : files) details.meta_size += static_cast<int64_t>(object.size);
  auto info = meta::decode_meta_files([&](std::string_view file) -> Result<std::optional<std::string>> {
    if (!files.contains(file)) return std::optional<std::string>();
    MB_TRY(text, store.get(meta::meta_key(backup_dir, file)));
    return std::optional<std::string>(std::move(text));
  });
  if (!info) {
    return fail(wrap(std::move(info).error(), "read the meta of backup " + std::string(name))
                    .with("backup", std::string(name)));
  }
  details.info = std::move(*info);

  if (files.contains(meta::kBackupManifestFile)) {
    auto text = store.get(meta::meta_key(backup_dir, meta::kBackupManifestFile));
    auto manifest = text ? meta::decode_backup_manifest(*text, meta::kBackupManifestFile)
                         : Result<meta::BackupManifest>(std::unexpected(text.error()));
    if (manifest) {
      details.manifest = std::move(*manifest);
    } else {
      // The Go tool's meta is whole; only our extension is unreadable, so the backup still shows.
      spdlog::warn("backup {}: cannot read meta/{}: {}", name, meta::kBackupManifestFile,
                   manifest.error().to_string());
    }
  }
  return details;
}

Result<DeleteOutcome> delete_backup(storage::ObjectStore& store, std::string_view backup_root, std::string_view name) {
  MB_CHECK(meta::validate_backup_name(name));
  const auto backup_dir = dir_of(backup_root, name);
  MB_TRY(anything, store.exists_prefix(backup_dir));
  if (!anything) return fail(not_found(store, backup_root, name));
  MB_TRY(files, list_meta(store, backup_dir));

  DeleteOutcome outcome{.was_complete = missing_meta(files).empty()};
  if (!outcome.was_complete) {
    spdlog::info("backup {} is incomplete ({}): removing what is there", name, missing_meta(files));
  }
  for (const auto file : {meta::kFullMetaFile, meta::kBackupMetaFile}) {
    if (!files.contains(file)) continue;
    const auto key = meta::meta_key(backup_dir, file);
    if (auto removed = store.remove(key); !removed) return fail(wrap(std::move(removed).error(), "delete " + key));
  }
  if (auto removed = store.remove_prefix(backup_dir); !removed) {
    return fail(wrap(std::move(removed).error(), "delete the files of backup " + std::string(name)));
  }
  return outcome;
}

}  // namespace mb::backup
