// How far a running backup is, as counters its steps advance and a progress display samples.
#pragma once

#include <atomic>
#include <cstdint>

#include "copy/progress.h"

namespace mb::backup {

enum class BackupPhase : int {
  kPrepare,   // checks, connecting, resolving the filter
  kMeta,      // reading collections' schemas, partitions and indexes
  kFlush,     // flushing and listing segments, collection by collection
  kCopy,      // copying binlogs
  kVerify,    // listing the copies, checksumming server-side copies
  kCommit,    // writing the meta files
  kCleanup,   // removing what a failed run wrote
  kDone,
};

const char* to_string(BackupPhase phase);

struct BackupProgress {
  std::atomic<BackupPhase> phase{BackupPhase::kPrepare};
  std::atomic<uint64_t> collections_total{0};
  std::atomic<uint64_t> collections_done{0};  // flushed and listed (or, meta_only, read)
  copy::CopyProgress copy;                    // files and bytes
};

}  // namespace mb::backup
