// Puts one collection's backed-up binlogs where the target Milvus can import them, and says by
// which paths Milvus reaches them.
//
// Milvus imports only from its own storage. When the backup lives in the same store (same
// identity, i.e. endpoint and credentials, and the same bucket) and server-side copies are allowed, the backup's own keys
// are imported in place. Otherwise every file is copied to
//   <temp root>restore-temp-<task id>-<db>-<collection>/<key below the backup dir>
// in Milvus's store, as the Go tool does; the temp root is "" for a bucket (the Go tool's temp
// keys are bucket-relative) and Milvus's storage root for local storage.
//
// Before anything is imported every binlog the meta lists is checked to exist in the backup, so a
// damaged backup fails naming the missing file instead of importing part of a collection. With
// recorded checksums (integrity_gate.h) every file Milvus will read is also checked against its
// CRC32C: the one the streamed copy computed, or a read-back (server-side copies, in-place imports).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "copy/copy_engine.h"
#include "restore/restore_plan.h"
#include "storage/object_store.h"
#include "util/cancellation.h"
#include "util/error.h"
#include "verify/backup_verifier.h"

namespace mb::restore {

struct StagingTarget {
  storage::ObjectStore* backup_store = nullptr;
  storage::ObjectStore* milvus_store = nullptr;
  config::StorageConfig milvus_storage{};  // how Milvus itself names its files (provider, rootPath, localPath)
  config::StorageConfig backup_storage{};  // for its bucket: identity() leaves the bucket out
  std::string backup_dir{};                // "<root>/<name>/" in the backup store
  bool allow_server_side = true;         // false for transfer.mode=streaming
  copy::CopyOptions copy_options{};
  // The manifest's CRC32C of the backup's files; null: not checked (--skip_integrity_check).
  const verify::RecordedChecksums* checksums = nullptr;
  std::string backup_name{};  // for the errors of that check
};

struct StagedCollection {
  // One entry per task.imports job: the `files` of its Import request.
  std::vector<std::vector<std::string>> import_files{};
  // The temp prefix in Milvus's store; empty when the backup was imported in place.
  std::string temp_prefix{};
};

// Whether the collection's files must be copied into Milvus's store first.
bool needs_staging(const StagingTarget& target);

inline constexpr std::string_view kTempDirPrefix = "restore-temp-";

// "restore-temp-<task id>-<db>-<collection>/"
std::string temp_dir_name(const std::string& task_id, const CollectionTask& task);

// Where the temp dirs start: under Milvus's storage root for local storage (Milvus reads absolute
// paths there), at the bucket root otherwise, as the Go tool places them.
std::string temp_root(const config::StorageConfig& milvus_storage);

// The path Milvus's chunk manager reads `key` of its store by: the key itself for a bucket; for
// local storage the absolute path (under localPath, when set, for a Milvus that sees its
// storage elsewhere, as in a container).
Result<std::string> milvus_import_path(const config::StorageConfig& milvus_storage, const std::string& key);

// Checks by listing that every file the collection's meta lists is in the backup (and that each
// import job's insert directory holds files): what restore runs for every collection before it
// creates anything, so a damaged backup leaves the target untouched.
Status check_backup_files(const StagingTarget& target, const CollectionTask& task);

// Checks the backup's files, copies them when needed. On failure, what was copied is removed
// (unless keep_temp_files); on success the caller removes temp_prefix after the import.
Result<StagedCollection> stage_binlogs(const StagingTarget& target, const CollectionTask& task,
                                       const std::string& task_id, bool keep_temp_files,
                                       copy::CopyProgress* progress = nullptr,
                                       const CancellationToken* cancel = nullptr);

}  // namespace mb::restore
