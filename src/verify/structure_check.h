// The structural half of `verify`, a pure function of what backup_files.h read: every meta file
// parses and matches its checksum in our manifest, the five meta files agree, every segment has
// binlogs for every field of the schema and as many files per field, sizes add up, and every
// object the meta names is there with its recorded size. Restore runs the same check, scoped to
// the collections it restores, before it creates anything.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "meta/backup_manifest.h"
#include "meta/backup_model.h"
#include "verify/backup_files.h"
#include "verify/verify_report.h"

namespace mb::verify {

// A file whose CRC32C our manifest records, for the data check.
struct DataFile {
  std::string key{};  // relative to the backup directory
  uint64_t size = 0;
  uint32_t crc32c = 0;
  std::string collection{};  // "db.coll"
};

struct StructureResult {
  std::vector<Problem> problems{};
  std::vector<std::string> unchecked{};
  std::vector<std::string> unaccounted{};
  uint64_t files_checked = 0;
  // The binlogs in scope that the manifest has a CRC32C for (none for a Go-made backup).
  std::vector<DataFile> data_files{};
  std::optional<meta::BackupManifest> manifest{};
  std::optional<meta::BackupInfo> info{};  // the tree the checks walked, when one could be read
};

StructureResult check_structure(const BackupFiles& files, const Scope& scope);

}  // namespace mb::verify
