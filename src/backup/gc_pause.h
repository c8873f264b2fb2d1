// Keeps Milvus's garbage collector from deleting segment files while a backup copies them.
//
// Compaction replaces segments all the time; the files of the replaced ones stay on storage until
// GC removes them. A backup lists a segment's files and copies them later, so GC is paused
// (management API) for as long as the backup runs: paused before segments are listed, the pause
// renewed every half of its length, resumed when the guard goes away, whatever the exit path.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "milvus/management_client.h"
#include "util/error.h"

namespace mb::backup {

// The two management calls the guard makes (ManagementClient's pause_gc / resume_gc).
struct GcControl {
  std::function<Result<std::optional<std::string>>(int seconds, std::optional<int64_t> collection_id)> pause;
  std::function<Status(const std::optional<std::string>& ticket)> resume;
};

GcControl gc_control_of(milvus::ManagementClient& client);

struct GcPauseOptions {
  std::chrono::seconds pause_length{3600};  // as the Go tool asks
  std::chrono::milliseconds renew_interval{std::chrono::seconds(1800)};  // half the pause, so it never lapses
  // true (backup.pauseGCRequired): a pause that fails fails the backup. false: a warning naming
  // the risk, and the backup goes on.
  bool required = false;
};

class GcPauseGuard {
 public:
  GcPauseGuard(GcControl control, GcPauseOptions options);
  ~GcPauseGuard();  // stops renewing and resumes every pause this guard made
  GcPauseGuard(const GcPauseGuard&) = delete;
  GcPauseGuard& operator=(const GcPauseGuard&) = delete;

  // Pauses GC cluster-wide (nullopt) or for one collection (Milvus 2.6.8+). An error only when
  // the pause is required and could not be made.
  Status pause(std::optional<int64_t> collection_id = std::nullopt);

 private:
  struct Pause {
    std::optional<int64_t> collection_id;
    std::optional<std::string> ticket;
  };

  void renew_loop();
  void renew_all();

  GcControl control_;
  GcPauseOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::vector<Pause> pauses_;
  std::thread renewer_;
};

}  // namespace mb::backup
