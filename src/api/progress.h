// A point-in-time view of a long job's progress, for a terminal bar or the REST API.
#pragma once

#include <cstdint>
#include <string>

namespace mb::api {

struct ProgressSnapshot {
  std::string phase;  // "flush", "copy", "meta", "import", ...
  std::string unit = "collections";  // what collections_done/_total count ("backups" for verify)
  uint64_t collections_done = 0;
  uint64_t collections_total = 0;
  uint64_t files_done = 0;
  uint64_t files_total = 0;
  uint64_t bytes_done = 0;
  uint64_t bytes_total = 0;

  bool operator==(const ProgressSnapshot&) const = default;
};

}  // namespace mb::api
