// Reading an object back for its CRC32C: what the backup does for server-side copies, verify does
// for every file, and restore does for the files Milvus will import. One reader each, its buffer
// drawn from the process-wide memory budget, so read-backs and copies stay under one limit.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "copy/memory_budget.h"
#include "storage/object_store.h"
#include "util/cancellation.h"
#include "util/error.h"

namespace mb::copy {

// The CRC32C of the first `size` bytes of `key`, read `buffer_size` bytes at a time with a buffer
// reserved from `budget` while it is held. Error(kCorrupt) when the object ends before `size`
// bytes; Error(kCancelled) once `cancel` is set. `bytes_read` (may be null) grows as bytes arrive.
Result<uint32_t> read_crc32c(storage::ObjectStore& store, std::string_view key, uint64_t size, size_t buffer_size,
                             MemoryBudget& budget, const CancellationToken* cancel,
                             std::atomic<uint64_t>* bytes_read = nullptr);

}  // namespace mb::copy
