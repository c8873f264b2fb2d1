// What the backup checks after copying, before it writes any meta: that every file arrived whole,
// and the CRC32C of every file for our manifest.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "copy/copy_job.h"
#include "copy/memory_budget.h"
#include "storage/object_store.h"
#include "util/cancellation.h"
#include "util/error.h"

namespace mb::backup {

// Lists each of `prefixes` once (recursively) and requires every job's destination key to be there
// with exactly the job's size; other keys are ignored. The Go tool verifies the same way, with one
// listing of binlogs/insert_log/C/ and binlogs/delta_log/C/ per collection. Error(kCorrupt) naming
// the first missing or mis-sized key and how many there are.
Status verify_copies(storage::ObjectStore& store, std::span<const std::string> prefixes,
                     std::span<const copy::CopyJob> jobs);

// Reads back every object whose CRC32C is unknown (a server-side copy moves no bytes through us)
// and records it; up to `concurrency` at a time, `buffer_size` bytes per read. Each reader's buffer
// is reserved from `budget` (the copies' own, so that read-backs and copies running elsewhere in
// the process stay under one limit). Error(kCorrupt) when an object does not have the size it was
// copied with.
Status fill_checksums(storage::ObjectStore& store, std::vector<copy::CopiedObject>& objects, int concurrency,
                      size_t buffer_size, copy::MemoryBudget& budget, const CancellationToken* cancel);

}  // namespace mb::backup
