#include "verify/backup_files.h"

#include "meta/backup_layout.h"
#include "meta/backup_manifest.h"
#include "meta/meta_files.h"

namespace mb::verify {
namespace {

Status list_into(storage::ObjectStore& store, const std::string& dir, const std::string& prefix,
                 BackupFiles& files) {
  return store.list(prefix, true, [&](const storage::ObjectInfo& object) -> Status {
    files.objects.emplace(object.key.substr(dir.size()), object.size);
    return {};
  });
}

}  // namespace

Result<BackupFiles> read_backup_files(storage::ObjectStore& store, std::string_view backup_dir,
                                      std::string_view name, const Scope& scope) {
  BackupFiles files{.name = std::string(name), .dir = std::string(backup_dir)};
  files.whole_backup = !scope.collection_ids.has_value();
  if (files.whole_backup) {
    MB_CHECK(list_into(store, files.dir, files.dir, files));
  } else {
    MB_CHECK(list_into(store, files.dir, files.dir + std::string(meta::kMetaDirName) + "/", files));
    for (const int64_t id : *scope.collection_ids) {
      MB_CHECK(list_into(store, files.dir, meta::backup_collection_insert_log_dir(files.dir, id), files));
      MB_CHECK(list_into(store, files.dir, meta::backup_collection_delta_log_dir(files.dir, id), files));
    }
  }
  if (files.objects.empty()) {
    return fail(Error(ErrorCode::kNotFound, "backup " + files.name + " not found")
                    .with("backup", files.name)
                    .with("store", store.describe())
                    .with("prefix", files.dir));
  }
  for (const auto file : {meta::kBackupMetaFile, meta::kCollectionMetaFile, meta::kPartitionMetaFile,
                          meta::kSegmentMetaFile, meta::kFullMetaFile, meta::kBackupManifestFile}) {
    const std::string key = std::string(meta::kMetaDirName) + "/" + std::string(file);
    if (!files.objects.contains(key)) continue;
    MB_TRY(text, store.get(files.dir + key));
    files.meta.emplace(key, std::move(text));
  }
  return files;
}

}  // namespace mb::verify
