// /metrics in the Prometheus text format (version 0.0.4): jobs by kind and state, bytes and files
// copied, job durations, job errors by kind, and HTTP requests by route and status.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "api/job_record.h"

namespace mb::server {

// Counts requests per (method, route, status). `route` is a registered path pattern or "other",
// never the raw path, so clients cannot grow the label set.
class HttpMetrics {
 public:
  void record(const std::string& method, const std::string& route, int status, double seconds);

  struct Series {
    uint64_t count = 0;
    double seconds = 0;
  };
  std::map<std::tuple<std::string, std::string, int>, Series> series() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, Series> series_;
};

// Job figures cover the jobs in the server's history (JobManager::Options::max_history).
std::string render_metrics(const std::vector<api::JobRecord>& jobs, const HttpMetrics& http);

}  // namespace mb::server
