#include "backup/gc_pause.h"

#include <spdlog/spdlog.h>

namespace mb::backup {
namespace {

std::string scope_of(std::optional<int64_t> collection_id) {
  return collection_id ? "collection " + std::to_string(*collection_id) : "cluster";
}

}  // namespace

GcControl gc_control_of(milvus::ManagementClient& client) {
  return GcControl{
      .pause = [&client](int seconds, std::optional<int64_t> collection_id) {
        return client.pause_gc(seconds, collection_id);
      },
      .resume = [&client](const std::optional<std::string>& ticket) { return client.resume_gc(ticket); },
  };
}

GcPauseGuard::GcPauseGuard(GcControl control, GcPauseOptions options)
    : control_(std::move(control)), options_(options) {}

GcPauseGuard::~GcPauseGuard() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (renewer_.joinable()) renewer_.join();
  for (const auto& pause : pauses_) {
    if (auto resumed = control_.resume(pause.ticket); !resumed) {
      spdlog::warn("could not resume Milvus GC ({}); it resumes by itself when the pause runs out: {}",
                   scope_of(pause.collection_id), resumed.error().to_string());
      continue;
    }
    spdlog::info("resumed Milvus GC ({})", scope_of(pause.collection_id));
  }
}

Status GcPauseGuard::pause(std::optional<int64_t> collection_id) {
  auto paused = control_.pause(static_cast<int>(options_.pause_length.count()), collection_id);
  if (!paused) {
    if (options_.required) {
      return fail(wrap(std::move(paused).error(), "pause Milvus GC (backup.pauseGCRequired is set)"));
    }
    spdlog::warn("could not pause Milvus GC ({}), the backup goes on: if Milvus compacts a segment while the backup "
                 "copies it, GC may delete the segment's files and the backup then fails on a missing file. "
                 "Set backup.pauseGCRequired to refuse to run without the pause. Cause: {}",
                 scope_of(collection_id), paused.error().to_string());
    return {};
  }
  spdlog::info("paused Milvus GC ({}) for {} s", scope_of(collection_id), options_.pause_length.count());
  std::lock_guard lock(mutex_);
  pauses_.push_back({collection_id, std::move(*paused)});
  if (!renewer_.joinable()) renewer_ = std::thread([this] { renew_loop(); });
  return {};
}

void GcPauseGuard::renew_loop() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, options_.renew_interval, [this] { return stopping_; })) renew_all();
}

// Called with mutex_ held. A renewal that fails leaves the previous pause running until it ends.
void GcPauseGuard::renew_all() {
  for (auto& pause : pauses_) {
    auto renewed = control_.pause(static_cast<int>(options_.pause_length.count()), pause.collection_id);
    if (!renewed) {
      spdlog::warn("could not renew the Milvus GC pause ({}): {}", scope_of(pause.collection_id),
                   renewed.error().to_string());
      continue;
    }
    // Milvus hands out a new ticket on each pause; the one to resume with is the latest.
    if (*renewed) pause.ticket = std::move(*renewed);
    spdlog::info("renewed the Milvus GC pause ({})", scope_of(pause.collection_id));
  }
}

}  // namespace mb::backup
