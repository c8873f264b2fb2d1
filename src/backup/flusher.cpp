#include "backup/flusher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <thread>

#include "util/digest.h"

namespace mb::backup {
namespace {

Error in_collection(Error error, std::string_view what, const std::string& db, const std::string& collection) {
  return wrap(std::move(error), what).with("db", db).with("collection", collection);
}

FlushCheckpoint checkpoint_of(const milvus::FlushResult& flushed) {
  FlushCheckpoint out;
  for (const auto& [channel, position] : flushed.channel_checkpoints) {
    out.channel_checkpoints[channel] = digest::base64_encode(position.SerializeAsString());
    out.backup_timestamp = std::max<uint64_t>(out.backup_timestamp, position.timestamp());
  }
  out.backup_physical_timestamp = static_cast<uint64_t>(flushed.seal_time);
  return out;
}

}  // namespace

Result<FlushCheckpoint> flush_collection(milvus::MilvusClient& client, const std::string& db,
                                         const std::string& collection, const CancellationToken* cancel,
                                         const FlushOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  auto flushed = client.flush(db, collection);
  if (!flushed) return fail(in_collection(std::move(flushed).error(), "flush", db, collection));

  bool warned = false;
  while (true) {
    auto done = client.get_flush_state(db, collection, flushed->sealed_segment_ids, flushed->flush_ts);
    if (!done) return fail(in_collection(std::move(done).error(), "wait for flush", db, collection));
    if (*done) break;
    if (cancel && cancel->cancelled()) {
      return fail(in_collection(Error(ErrorCode::kCancelled, "cancelled"), "wait for flush", db, collection));
    }
    const auto waited = std::chrono::steady_clock::now() - start;
    if (!warned && waited > options.warn_after) {
      spdlog::warn("flush of {}.{} is taking more than {} min: Milvus may be unhealthy", db, collection,
                   std::chrono::duration_cast<std::chrono::minutes>(options.warn_after).count());
      warned = true;
    }
    std::this_thread::sleep_for(options.poll_interval);
  }
  const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  spdlog::info("flushed {}.{} in {:.2f} s: {} segments sealed, {} already flushed", db, collection, elapsed,
               flushed->sealed_segment_ids.size(), flushed->flushed_segment_ids.size());
  return checkpoint_of(*flushed);
}

}  // namespace mb::backup
