#include "cli/progress_display.h"

#include <unistd.h>

#include <cstdio>
#include <fmt/format.h>

namespace mb::cli {
namespace {

std::string human_bytes(double bytes) {
  static const char* const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int unit = 0;
  while (bytes >= 1024 && unit < 4) {
    bytes /= 1024;
    ++unit;
  }
  return fmt::format("{:.1f} {}", bytes, units[unit]);
}

std::string human_duration(double seconds) {
  const auto total = static_cast<long long>(seconds + 0.5);
  if (total >= 3600) return fmt::format("{}h{:02}m", total / 3600, (total % 3600) / 60);
  if (total >= 60) return fmt::format("{}m{:02}s", total / 60, total % 60);
  return fmt::format("{}s", total);
}

}  // namespace

std::string format_progress(const api::ProgressSnapshot& s, std::chrono::duration<double> elapsed, bool with_bar) {
  const double fraction =
      s.bytes_total ? static_cast<double>(s.bytes_done) / static_cast<double>(s.bytes_total) : 0.0;
  std::string out;
  if (with_bar) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    out += "[" + std::string(filled, '=') + std::string(kWidth - filled, ' ') + "] ";
  }
  out += fmt::format("{:3.0f}% {} | {} {}/{} | files {}/{} | {} / {}", fraction * 100, s.phase, s.unit,
                     s.collections_done, s.collections_total, s.files_done, s.files_total,
                     human_bytes(static_cast<double>(s.bytes_done)), human_bytes(static_cast<double>(s.bytes_total)));
  const double seconds = elapsed.count();
  if (seconds > 0.5 && s.bytes_done > 0) {
    const double rate = static_cast<double>(s.bytes_done) / seconds;
    out += fmt::format(" | {}/s", human_bytes(rate));
    if (s.bytes_total > s.bytes_done) {
      out += " | ETA " + human_duration(static_cast<double>(s.bytes_total - s.bytes_done) / rate);
    }
  }
  return out;
}

ProgressDisplay::ProgressDisplay(std::function<api::ProgressSnapshot()> sample, Mode mode)
    : sample_(std::move(sample)), terminal_(isatty(STDERR_FILENO) == 1), start_(std::chrono::steady_clock::now()) {
  if (mode != Mode::kQuiet) thread_ = std::thread([this] { loop(); });
}

ProgressDisplay::~ProgressDisplay() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ProgressDisplay::loop() {
  const auto period = terminal_ ? std::chrono::milliseconds(250) : std::chrono::milliseconds(10000);
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, period, [this] { return stopping_; })) {
    const auto line = format_progress(sample_(), std::chrono::steady_clock::now() - start_, terminal_);
    if (terminal_) {
      std::fprintf(stderr, "\r\033[K%s", line.c_str());
    } else {
      std::fprintf(stderr, "progress: %s\n", line.c_str());
    }
    std::fflush(stderr);
  }
  if (terminal_) {
    const auto line = format_progress(sample_(), std::chrono::steady_clock::now() - start_, true);
    std::fprintf(stderr, "\r\033[K%s\n", line.c_str());
  }
}

}  // namespace mb::cli
