// Milvus bulk import of one collection's staged binlogs: one Import RPC per job, at most
// `concurrency` running at once, each polled with GetImportState until Milvus says it completed
// (6) or failed (1, 7). Data jobs run first, L0 delete jobs after all of them.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "milvus/milvus_client.h"
#include "restore/restore_plan.h"
#include "util/cancellation.h"
#include "util/error.h"

namespace mb::restore {

struct ImportSettings {
  int concurrency = 768;  // restore.concurrency.importJobs
  std::chrono::milliseconds poll_interval{std::chrono::seconds(2)};
};

struct ImportOutcome {
  int64_t rows = 0;  // rows Milvus reports imported, summed over the jobs
  uint64_t jobs = 0;
};

// `import_files[i]` are the files of `task.imports[i]`. A failed job stops new ones from starting;
// the error carries Milvus's failed_reason, the collection, the partition and the files.
Result<ImportOutcome> run_imports(milvus::MilvusClient& client, const CollectionTask& task,
                                  const std::vector<std::vector<std::string>>& import_files,
                                  const ImportSettings& settings, const CancellationToken* cancel = nullptr);

}  // namespace mb::restore
