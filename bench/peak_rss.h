// The process's peak resident set size, as the kernel counts it (VmHWM).
#pragma once

#include <cstdint>
#include <fstream>
#include <string>

namespace mb::bench {

// KiB; 0 when /proc is unavailable.
inline uint64_t peak_rss_kib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmHWM:")) return std::stoull(line.substr(6));
  }
  return 0;
}

}  // namespace mb::bench
