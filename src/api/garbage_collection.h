// `gc`: finds what killed runs leave behind and, when asked, removes it. Dry run by default.
//
//   half-written backups   a folder under the backup root without complete meta, whose lock (if
//                          any) is stale and whose newest file is older than the threshold
//   stale locks            the lock object of a complete backup (a create killed after its last
//                          meta file), or of a half-written one
//   staged restore files   restore-temp-*/ in Milvus's storage untouched for the threshold
// A live lock (its create still runs and refreshes it) protects its backup whatever its age.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "config/config.h"
#include "util/error.h"

namespace mb::api {

struct GcOptions {
  bool apply = false;                          // false: list only
  std::chrono::seconds older_than{3600};       // --older_than
};

enum class GarbageKind { kHalfWrittenBackup, kStaleLock, kStagedFiles };
std::string_view to_string(GarbageKind kind);

struct Garbage {
  GarbageKind kind = GarbageKind::kHalfWrittenBackup;
  std::string where{};   // "s3://bucket/backup/b1/" and the like
  std::string prefix{};  // the key prefix (or the key, for a lock) removed
  uint64_t objects = 0;
  uint64_t bytes = 0;
  int64_t age_seconds = 0;
  std::string detail{};
  bool removed = false;
};

struct GcReport {
  std::vector<Garbage> found{};
  std::vector<std::string> kept{};  // what looked like garbage but is not (live lock, too young), and why
};

Result<GcReport> collect_garbage(const config::Config& config, const GcOptions& options);

// One line per entry: "would remove half-written backup s3://... (3 file(s), 1234 bytes, 4000 s old: ...)".
std::string render_gc_report(const GcReport& report, bool applied);

}  // namespace mb::api
