// Runs a long library call in the foreground of the CLI: its progress on stderr, Ctrl-C/SIGTERM
// cancelling it so it can clean up, and the Go tool's closing "duration:" line.
#pragma once

#include <fmt/format.h>

#include <chrono>
#include <string>

#include "cli/cancel_on_signal.h"
#include "cli/progress_display.h"

namespace mb::cli {

// `run` takes the cancellation token and returns the call's Result; `progress` has snapshot().
template <typename Progress, typename Run>
auto run_in_foreground(Progress& progress, bool quiet, const char* cancel_message, Run&& run) {
  CancellationToken cancel;
  CancelOnSignal on_signal(cancel, cancel_message);
  ProgressDisplay display([&progress] { return progress.snapshot(); },
                          quiet ? ProgressDisplay::Mode::kQuiet : ProgressDisplay::Mode::kAuto);
  return run(&cancel);
}

inline std::string duration_line(std::chrono::steady_clock::time_point start) {
  return fmt::format("duration:{:.2f} s\n",
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

}  // namespace mb::cli
