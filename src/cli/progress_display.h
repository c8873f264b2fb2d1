// Shows a job's progress on stderr while it runs: a redrawn bar on a terminal, a plain line every
// few seconds otherwise (logs, CI), nothing with --quiet.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "api/progress.h"

namespace mb::cli {

// The bar's text for one snapshot; `elapsed` gives the rate and the ETA.
std::string format_progress(const api::ProgressSnapshot& snapshot, std::chrono::duration<double> elapsed,
                            bool with_bar);

class ProgressDisplay {
 public:
  enum class Mode { kAuto, kQuiet };

  ProgressDisplay(std::function<api::ProgressSnapshot()> sample, Mode mode);
  ~ProgressDisplay();  // stops the display and clears a terminal bar's line
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

 private:
  void loop();

  std::function<api::ProgressSnapshot()> sample_;
  bool terminal_ = false;
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace mb::cli
