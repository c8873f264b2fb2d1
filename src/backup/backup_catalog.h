// The backups under <backup root>/: listing them, reading one, deleting one. A backup is a
// first-level folder; it is complete when its meta is there and parses: meta/full_meta.json (or,
// for a Go-made backup without it, all four level files) and, for ours, the manifest
// (meta/milvus_backup_cpp.json).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "meta/backup_manifest.h"
#include "meta/backup_model.h"
#include "storage/object_store.h"
#include "util/error.h"

namespace mb::backup {

struct BackupListing {
  std::string name{};
  bool complete = false;
  // From meta/backup_meta.json; zero when the backup is incomplete.
  std::string id{};
  int64_t size = 0;
  std::string milvus_version{};
  int64_t time_unix = 0;  // when the meta was written (the store's modification time); 0 when unknown
  // The meta's v0.4 task times (unix ms); 0 in a backup made by HEAD.
  int64_t start_time_ms = 0;
  int64_t end_time_ms = 0;
  // "complete"; "incomplete" (meta files missing), "damaged" (one is there but does not parse) or
  // "unsupported" (a Milvus 3.0 snapshot backup)
  std::string state{};
  std::string problem{};    // why a backup that is not complete is not
};

// Every first-level folder, in name order, complete or not. Each one's meta is read and decoded
// (what `get` and `restore` would read), so a damaged one is not listed as complete. Errors of the
// store fail the listing.
Result<std::vector<BackupListing>> list_backups(storage::ObjectStore& store, std::string_view backup_root);

struct BackupDetails {
  meta::BackupInfo info{};
  int64_t meta_size = 0;                         // bytes under meta/, as the Go tool's `get` reports
  std::optional<meta::BackupManifest> manifest{};  // ours; absent in a Go-made backup
};

// Error(kNotFound) when nothing is under the name; Error(kCorrupt) naming what is missing or which
// file does not parse when the backup is not complete (context state=incomplete|damaged). The
// name is checked with the backup name rule first.
Result<BackupDetails> get_backup(storage::ObjectStore& store, std::string_view backup_root, std::string_view name);

struct DeleteOutcome {
  bool was_complete = false;  // false: a half-written backup without (full) meta was removed
};

// Removes everything under <root>/<name>/, complete or not (the Go tool refuses a backup without
// meta). The meta that marks the backup complete goes first, so an interrupted delete leaves an
// incomplete backup, never a listed one with files missing. Error(kNotFound) when nothing is there.
Result<DeleteOutcome> delete_backup(storage::ObjectStore& store, std::string_view backup_root, std::string_view name);

}  // namespace mb::backup
