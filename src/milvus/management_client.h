// Milvus's management HTTP API (milvus.management.endpoint, the metrics port, 9091 by default):
// pausing and resuming garbage collection while a backup copies segment files, and the health
// probe. Every call is a GET; an error names the URL and, when the server answered, its HTTP status.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "util/error.h"

namespace mb::milvus {

class ManagementClient {
 public:
  // `endpoint`: "http(s)://host:port", optionally with a path prefix.
  explicit ManagementClient(std::string endpoint, std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // Pauses garbage collection for `seconds` (it resumes by itself afterwards): cluster-wide, or only
  // for one collection (Milvus 2.6.8+, Feature::kCollectionLevelGcControl). Returns the ticket the
  // server hands out for resume_gc, if any.
  Result<std::optional<std::string>> pause_gc(int seconds, std::optional<int64_t> collection_id = std::nullopt);

  // Resumes what pause_gc paused; pass the ticket pause_gc returned.
  Status resume_gc(const std::optional<std::string>& ticket = std::nullopt);

  // GET /healthz: true when Milvus says OK, false when it answers otherwise; an error when it
  // cannot be reached.
  Result<bool> healthy();

 private:
  struct Answer {
    int status = 0;
    std::string body;
  };
  // `path_and_query` starts with "/". Transport failures are errors; every HTTP answer is returned.
  Result<Answer> get(const std::string& path_and_query) const;
  std::string url(const std::string& path_and_query) const { return endpoint_ + path_and_query; }

  std::string endpoint_;  // without a trailing "/"
  std::chrono::milliseconds timeout_;
};

}  // namespace mb::milvus
