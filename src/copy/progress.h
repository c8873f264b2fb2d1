// Counters the copy engine advances as it works; read by progress bars and the REST API.
#pragma once

#include <atomic>
#include <cstdint>

namespace mb::copy {

struct CopyProgress {
  std::atomic<uint64_t> files_total{0};
  std::atomic<uint64_t> bytes_total{0};
  std::atomic<uint64_t> files_done{0};
  std::atomic<uint64_t> bytes_done{0};
  std::atomic<uint64_t> retries{0};
  std::atomic<uint64_t> throttled{0};  // attempts the store answered with "slow down"
  // Objects allowed in flight now (see ConcurrencyWindow); with several engines on one progress,
  // the window of the one that copied last.
  std::atomic<uint64_t> concurrency_window{0};
};

}  // namespace mb::copy
