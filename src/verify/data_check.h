// The --read-data half of `verify`: every file read whole, its CRC32C compared with our manifest.
// Parallel, through the copy engine's process-wide memory budget: memory stays bounded however
// many files and workers.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/object_store.h"
#include "util/cancellation.h"
#include "util/error.h"
#include "verify/structure_check.h"
#include "verify/verify_report.h"

namespace mb::verify {

// restic's --read-data-subset: "N/M" reads the N-th of M slices (a file's slice comes from its key,
// so M runs with N = 1..M read every file once), "P%" a random P percent of the files.
struct Subset {
  enum class Kind { kAll, kSlice, kPercent };
  Kind kind = Kind::kAll;
  uint32_t n = 0;
  uint32_t m = 0;
  double percent = 100;
  std::string to_string() const;
};

// Error(kInvalidArgument) naming the flag for anything else ("0/3", "4/3", "0%", "150%", "x").
Result<Subset> parse_subset(std::string_view text);
std::vector<DataFile> select_subset(std::vector<DataFile> files, const Subset& subset);

struct DataCheckOptions {
  int concurrency = 16;
  size_t buffer_size = 4 << 20;
  uint64_t memory_budget_bytes = uint64_t{96} << 20;  // the size of the process-wide budget
};

struct ReadProgress {
  std::atomic<uint64_t> files_total{0};
  std::atomic<uint64_t> files_done{0};
  std::atomic<uint64_t> bytes_total{0};
  std::atomic<uint64_t> bytes_done{0};
};

struct DataCheckResult {
  std::vector<Problem> problems{};
  uint64_t files_read = 0;
  uint64_t bytes_read = 0;
};

// Reads each file under `backup_dir` and compares. A mismatch or a short file is a Problem; a
// storage error that keeps a file from being read is the error (the backup could not be verified).
Result<DataCheckResult> check_data(storage::ObjectStore& store, std::string_view backup_dir,
                                   std::string_view backup_name, const std::vector<DataFile>& files,
                                   const DataCheckOptions& options, ReadProgress* progress,
                                   const CancellationToken* cancel);

}  // namespace mb::verify
