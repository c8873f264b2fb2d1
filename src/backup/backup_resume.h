// Resuming a half-written backup (one a killed create left: files, maybe some meta, a stale lock,
// no full_meta.json): what of it the new plan can keep, as pgBackRest re-checks an aborted
// backup's files before it copies the rest.
//
// A file is kept when the backup holds it under the key the new plan copies it to, with the size
// the plan expects and the CRC32C of its source in Milvus's storage (both read back). Everything
// else under the backup's prefix but the lock (files of segments compacted away since, meta files
// of a commit cut short, writers' temp files) is removed, so the resumed backup ends up file for
// file the one a fresh create would have written.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "copy/copy_job.h"
#include "copy/memory_budget.h"
#include "storage/object_store.h"
#include "util/cancellation.h"
#include "util/error.h"

namespace mb::backup {

struct ResumePlan {
  std::vector<copy::CopyJob> to_copy{};     // the jobs still to run, in plan order
  std::vector<copy::CopiedObject> kept{};   // already there, CRC32C known
  std::vector<std::string> removed{};       // keys taken out of the prefix
  uint64_t kept_bytes = 0;
};

struct ResumeReadOptions {
  int concurrency = 16;
  size_t buffer_size = 4 << 20;
};

// `keep_key` (the lock) is left alone.
Result<ResumePlan> resume_backup_files(storage::ObjectStore& source, storage::ObjectStore& backup,
                                       const std::string& backup_dir, std::span<const copy::CopyJob> jobs,
                                       const std::string& keep_key, const ResumeReadOptions& options,
                                       copy::MemoryBudget& budget, const CancellationToken* cancel);

}  // namespace mb::backup
