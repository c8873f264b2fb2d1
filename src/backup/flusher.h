// Flushing one collection before its segments are read (the serial_flush strategy): Flush, then
// GetFlushState until the sealed segments are on storage. The flush fixes the collection's point in
// time, recorded in the backup as its channel checkpoints.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "milvus/milvus_client.h"
#include "util/cancellation.h"
#include "util/error.h"

namespace mb::backup {

struct FlushCheckpoint {
  std::map<std::string, std::string> channel_checkpoints{};  // vchannel -> base64(proto MsgPosition)
  uint64_t backup_timestamp = 0;                           // the latest checkpoint's timestamp (TSO)
  uint64_t backup_physical_timestamp = 0;                  // the collection's seal time, Unix seconds
};

struct FlushOptions {
  std::chrono::milliseconds poll_interval{std::chrono::seconds(1)};
  // A flush this slow means an unhealthy Milvus; the wait goes on, with a warning.
  std::chrono::milliseconds warn_after{std::chrono::minutes(30)};
};

// Errors name db and collection; cancellation ends the wait with Error(kCancelled).
Result<FlushCheckpoint> flush_collection(milvus::MilvusClient& client, const std::string& db,
                                         const std::string& collection, const CancellationToken* cancel,
                                         const FlushOptions& options = {});

}  // namespace mb::backup
