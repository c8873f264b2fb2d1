// Runs a list of copy jobs between two object stores on a bounded pool of workers.
//
// Same store (equal identity()) and server-side copies allowed: each object is copied by the store
// itself. Otherwise each object streams through a read buffer into a streamed writer (ranged reads,
// multipart above the store's threshold). CRC32C of every streamed byte is recorded per object.
//
// Streamed memory is bounded by CopyOptions::memory_budget_bytes, not by the number of workers nor
// by the number of runs: every run draws from the one process_memory_budget(), so collections
// copied in parallel and jobs a server runs at once stay under the limit together. Before a
// streamed object starts it reserves its read buffer plus what the destination writer will buffer
// for it (ObjectStore::writer_buffer_bytes: a part, or the whole object when it is smaller than
// one), and it waits while the budget is spent. Server-side copies hold no bytes and reserve
// nothing.
//
// When the store throttles (HTTP 429 or 503: S3 SlowDown, Azure ServerBusy, GCS rateLimitExceeded)
// the number of objects in flight halves and grows back by one per run of successes (see
// ConcurrencyWindow); the throttled object is tried again after a backoff. The store's own
// per-request retries absorb short bursts: what reaches the engine is throttling that outlasted them.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "copy/copy_job.h"
#include "copy/progress.h"
#include "storage/object_store.h"
#include "util/cancellation.h"
#include "util/error.h"

namespace mb::copy {

struct CopyOptions {
  int concurrency = 16;
  size_t buffer_size = 4 << 20;
  // What streamed objects of the whole process may hold at once (read buffers and writer parts);
  // the size of process_memory_budget(), which the last run to start sets. 96 MiB keeps the
  // whole process under the 128 MiB target; it runs 8 objects of a part or more at once with the
  // default sizes (8 MiB parts), and 16 workers on objects under 2 MiB (most binlogs). An object
  // whose share exceeds the budget still runs, alone.
  uint64_t memory_budget_bytes = uint64_t{96} << 20;
  uint64_t rate_limit_bytes_per_sec = 0;  // 0: unlimited
  int max_attempts = 3;                   // whole-object attempts; each request also retries inside the store
  // transfer.retryWindowSeconds: when set, a failing object is tried again (past max_attempts)
  // until this long after its first failure, and not after it, however few attempts were made;
  // the store's own requests wait within the same window.
  std::chrono::milliseconds retry_window{0};
  bool allow_server_side = true;          // false for transfer.mode=streaming
  // Throttled attempts count apart from max_attempts: throttling is the store pacing us, and each
  // one also narrows the window, so it is worth more patience than a failure.
  int max_throttled_attempts = 10;
  int successes_per_window_step = 8;                // successful objects that widen the window by one
  std::chrono::milliseconds initial_backoff{200};  // before the second attempt; doubles up to 10 s
};

class CopyEngine {
 public:
  explicit CopyEngine(CopyOptions options);

  // Copies every job; on the first failure no new job starts, the running ones finish, and the
  // error (naming source and destination keys) is returned. Cancellation stops between buffers
  // and leaves no partial object visible (an uncommitted writer aborts).
  Result<std::vector<CopiedObject>> run(storage::ObjectStore& source, storage::ObjectStore& destination,
                                        std::span<const CopyJob> jobs, CopyProgress* progress = nullptr,
                                        const CancellationToken* cancel = nullptr) const;

 private:
  CopyOptions options_;
};

}  // namespace mb::copy
