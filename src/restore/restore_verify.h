// --verify: after the import (and the index build), the restored collection is loaded and checked.
//   1. Rows per partition (query count(*)) against the backup meta. Backed-up row counts are
//      counted before deletes while a backup import applies them, so a partition whose backup has
//      delete logs passes with fewer rows; one without must match exactly.
//   2. When the backed-up collection itself is reachable (the same Milvus, restored under another
//      name or database, or --verify_source): up to 100 primary keys sampled deterministically
//      from the restored rows, every field of those rows queried on both sides and compared value
//      for value, and top-10 searches with a few of their vectors compared hit for hit, score and
//      id, hits of equal score as sets; by id alone where a quantized index makes scores differ
//      between builds (see verify_search_params.h, agreeing_hits and shared_ids in
//      row_comparison.h). The source must be unchanged since the backup.
// What the verify loaded is released again, and only that; see loaded_collection.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "milvus/milvus_client.h"
#include "restore/loaded_collection.h"
#include "restore/restore_plan.h"
#include "util/cancellation.h"
#include "util/error.h"

namespace mb::restore {

struct PartitionCheck {
  std::string partition{};
  int64_t backup_rows = 0;    // num_of_rows summed over the backed-up segments
  int64_t restored_rows = 0;  // count(*) of the restored partition
  bool has_deletes = false;   // the backup has delete logs for this partition
  bool passed = false;
};

struct VerifyReport {
  std::string target{};
  std::vector<PartitionCheck> partitions{};
  std::string source{};          // "db.coll at <where>" the rows were compared with; empty when none
  std::string rows_skipped{};    // why no rows were compared, when none were
  int64_t rows_compared = 0;
  std::optional<std::string> row_mismatch{};  // the first differing primary key and field
  std::string search_skipped{};  // why no searches were compared, when none were
  int64_t searches_compared = 0;
  std::optional<std::string> search_mismatch{};
  bool passed() const;
  std::string to_string() const;  // one line per check and a PASS/FAIL verdict
};

// The backed-up collection to compare with: `server` holds it under `db`.`collection`.
struct VerifySource {
  MilvusServer server{};
  std::string db{};
  std::string collection{};
  std::string where{};  // "the target Milvus" or the --verify_source address
};

struct VerifySettings {
  LoadSettings load{};
  size_t sampled_rows = 100;
  size_t search_queries = 3;
  int64_t top_k = 10;
  int64_t key_scan_limit = 16384;  // the keys sampled from: at most Milvus 2.3's query limit
};

// --verify_source, checked before the restore changes anything rather than after the imports: the
// Milvus answers (GetVersion), and it holds every backed-up collection of `tasks`. The error names
// the address.
Status check_verify_source(const MilvusServer& source, const std::vector<CollectionTask>& tasks);

// Where the backed-up collection of `task` can be read: on `explicit_source` (--verify_source) when
// its client is set, else on the target when it still has it under its backed-up name (restored
// under another name). std::nullopt with `why_not` set otherwise.
Result<std::optional<VerifySource>> find_verify_source(const MilvusServer& target, const MilvusServer& explicit_source,
                                                       const CollectionTask& task, std::string& why_not);

// Errors are for checks that could not run (Milvus refused a load or a query, `cancel` was set
// while a collection loaded); a mismatch is a report that did not pass.
Result<VerifyReport> verify_restored_collection(const MilvusServer& target, const CollectionTask& task,
                                                const std::optional<VerifySource>& source,
                                                const std::string& why_no_source, const VerifySettings& settings,
                                                const CancellationToken* cancel);

}  // namespace mb::restore
