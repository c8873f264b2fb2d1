// --verify: after the import, the rows Milvus holds per partition against what the backup meta
// records. Read from Milvus's persisted segments (GetPersistentSegmentInfo), which needs no load.
// Backed-up row counts are counted before deletes, while a backup import applies the deletes; so a
// partition whose backup has delete logs passes with fewer rows, one without must match exactly.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "milvus/milvus_client.h"
#include "restore/restore_plan.h"
#include "util/error.h"

namespace mb::restore {

struct PartitionCheck {
  std::string partition{};
  int64_t backup_rows = 0;    // num_of_rows summed over the backed-up segments
  int64_t restored_rows = 0;  // num_rows summed over the restored, persisted segments
  bool has_deletes = false;   // the backup has delete logs for this partition
  bool passed = false;
};

struct VerifyReport {
  std::string target{};
  std::vector<PartitionCheck> partitions{};
  bool passed() const;
  std::string to_string() const;  // one line per partition and a PASS/FAIL verdict
};

Result<VerifyReport> verify_restored_rows(milvus::MilvusClient& client, const CollectionTask& task);

}  // namespace mb::restore
