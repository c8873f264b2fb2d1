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

// Empty when the meta files a complete backup has are all there, else what is missing. Ours write
// the manifest first and full_meta.json last, so with a manifest only full_meta.json completes the
// backup; without one (a Go-made backup) the four level files stand for it, as in the Go tool.
std::string missing_meta(const MetaListing& files) {
  if (files.contains(meta::kFullMetaFile)) return {};
  if (files.empty()) return "no backup meta";
  std::string missing = "missing meta/" + std::string(meta::kFullMetaFile);
  if (files.contains(meta::kBackupManifestFile)) return missing + " (a create that did not finish)";
  for (const auto name : {meta::kBackupMetaFile, meta::kCollectionMetaFile, meta::kPartitionMetaFile,
                          meta::kSegmentMetaFile}) {
    if (!files.contains(name)) return missing + " and meta/" + std::string(name);
  }
  return {};
}

constexpr std::string_view kStateKey = "state";

// A meta file that is there but does not parse makes the backup damaged; one gone since the
// listing (a delete under way) leaves it incomplete; a Milvus 3.0 snapshot backup is whole but not
// one this tool reads. Other errors (the store's) carry no state.
Error with_state(Error error) {
  if (error.code == ErrorCode::kCorrupt) error.with(std::string(kStateKey), "damaged");
  if (error.code == ErrorCode::kNotFound) error.with(std::string(kStateKey), "incomplete");
  if (error.code == ErrorCode::kInvalidArgument) error.with(std::string(kStateKey), "unsupported");
  return error;
}

struct CompleteMeta {
  meta::BackupInfo info;
  std::optional<meta::BackupManifest> manifest;
};

// Every meta file a complete backup has, read and decoded. An error with context state
// (incomplete, damaged, unsupported) says why the backup is not complete; other errors are the
// store's.
Result<CompleteMeta> read_complete_meta(storage::ObjectStore& store, std::string_view backup_dir,
                                        const MetaListing& files) {
  if (const auto missing = missing_meta(files); !missing.empty()) {
    return fail(Error(files.empty() ? ErrorCode::kNotFound : ErrorCode::kCorrupt, missing)
                    .with(std::string(kStateKey), "incomplete"));
  }
  const auto read = [&](std::string_view file) -> Result<std::optional<std::string>> {
    if (!files.contains(file)) return std::optional<std::string>();
    MB_TRY(text, store.get(meta::meta_key(backup_dir, file)));
    return std::optional<std::string>(std::move(text));
  };
  CompleteMeta out;
  auto info = meta::decode_meta_files(read);
  if (!info) return fail(with_state(std::move(info).error()));
  out.info = std::move(*info);
  if (files.contains(meta::kBackupManifestFile)) {
    auto text = store.get(meta::meta_key(backup_dir, meta::kBackupManifestFile));
    if (!text) return fail(with_state(std::move(text).error()));
    auto manifest = meta::decode_backup_manifest(*text, "meta/" + std::string(meta::kBackupManifestFile));
    if (!manifest) return fail(with_state(std::move(manifest).error()));
    out.manifest = std::move(*manifest);
  }
  return out;
}

std::string dir_of(std::string_view backup_root, std::string_view name) { return meta::backup_dir(backup_root, name); }

Error not_found(storage::ObjectStore& store, std::string_view backup_root, std::string_view name) {
  return Error(ErrorCode::kNotFound, "backup " + std::string(name) + " not found")
      .with("backup", std::string(name))
      .with("store", store.describe())
      .with("prefix", dir_of(backup_root, name));
}

// A listing reads all of a backup's meta, as `get` and `restore` would: a file that is there but
// does not parse must not be listed as a complete backup.
Result<BackupListing> describe_listed(storage::ObjectStore& store, std::string name, std::string_view backup_dir,
                                      const MetaListing& files) {
  BackupListing listing{.name = std::move(name)};
  auto read = read_complete_meta(store, backup_dir, files);
  if (!read) {
    const Error& error = read.error();
    const std::string_view state = error.get(kStateKey);
    if (state.empty()) return fail(wrap(std::move(read).error(), "read the meta of backup " + listing.name));
    listing.state = std::string(state);
    listing.problem = error.message;
    return listing;
  }
  const meta::BackupInfo& info = read->info;
  listing.complete = true;
  listing.state = "complete";
  listing.id = info.id;
  listing.size = info.size;
  listing.milvus_version = info.milvus_version;
  listing.start_time_ms = info.start_time;
  listing.end_time_ms = info.end_time;
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
    MB_TRY(listing, describe_listed(store, std::move(name), entry.key, files));
    out.push_back(std::move(listing));
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
  auto read = read_complete_meta(store, backup_dir, files);
  if (!read) {
    return fail(wrap(std::move(read).error(), "read the meta of backup " + std::string(name))
                    .with("backup", std::string(name)));
  }
  details.info = std::move(read->info);
  details.manifest = std::move(read->manifest);
  return details;
}

Result<DeleteOutcome> delete_backup(storage::ObjectStore& store, std::string_view backup_root, std::string_view name) {
  MB_CHECK(meta::validate_backup_name(name));
  const auto backup_dir = dir_of(backup_root, name);
  MB_TRY(anything, store.exists_prefix(backup_dir));
  if (!anything) {
    // Only what a killed writer left (remove_prefix below removes it too) is still something to delete.
    MB_TRY(partial, store.list_partial_writes(backup_dir));
    if (partial.empty()) return fail(not_found(store, backup_root, name));
  }
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
