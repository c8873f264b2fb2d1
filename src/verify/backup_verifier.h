// `verify`: is a backup whole? The structural check (structure_check.h) always, the data check
// (data_check.h) with read_data. Also what restore asks before it hands files to Milvus.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "storage/object_store.h"
#include "util/cancellation.h"
#include "util/error.h"
#include "verify/data_check.h"
#include "verify/structure_check.h"
#include "verify/verify_report.h"

namespace mb::verify {

struct VerifyOptions {
  std::vector<std::string> names{};  // empty: every backup folder under the root
  bool read_data = false;
  Subset subset{};
  DataCheckOptions data{};
};

struct VerifyProgress {
  std::atomic<uint64_t> backups_total{0};
  std::atomic<uint64_t> backups_done{0};
  std::atomic<bool> reading{false};  // in the data check
  ReadProgress read{};
};

// One verdict per backup. Only a failure to list the backup root is an error; a backup that could
// not be read has its verdict's error set instead (exit code 2).
Result<VerifyReport> verify_backups(storage::ObjectStore& store, std::string_view backup_root,
                                    const VerifyOptions& options, VerifyProgress* progress = nullptr,
                                    const CancellationToken* cancel = nullptr);

// What restore checks before it creates anything: the structure of the meta and of the collections
// it restores. Error(kCorrupt) naming the backup, the collection and the key of the first problem
// (and how many there are). On success, the manifest's CRC32C of each of those binlogs, by key
// relative to the backup directory (empty for a backup without our manifest).
using RecordedChecksums = std::map<std::string, DataFile, std::less<>>;
Result<RecordedChecksums> require_intact_structure(storage::ObjectStore& store, std::string_view backup_dir,
                                                   std::string_view backup_name,
                                                   const std::set<int64_t>& collection_ids);

// A staged copy of a backup file: where Milvus will read it from, and the CRC32C the copy computed
// on the way (none for a server-side copy, or for a file imported in place).
struct StagedFile {
  std::string backup_key{};  // relative to the backup directory
  std::string staged_key{};  // in `staged_store`
  std::optional<uint32_t> crc32c{};
  uint64_t size = 0;
};

// Compares each staged file that the manifest records with its CRC32C, reading back those the
// copy did not checksum. Error(kCorrupt) naming backup, collection and key of the first mismatch.
Status require_recorded_checksums(storage::ObjectStore& staged_store, std::string_view backup_name,
                                  std::string_view backup_dir, const std::vector<StagedFile>& files, const RecordedChecksums& recorded,
                                  const DataCheckOptions& options, const CancellationToken* cancel);

// Error(kCorrupt) for a non-empty list of problems: the first named (its key as the store has it,
// under backup_dir), the count given.
Error damage_error(std::string_view backup_name, std::string_view backup_dir, const std::vector<Problem>& problems);

}  // namespace mb::verify
