// `gc`: finds what killed runs leave behind and, when asked, removes it. Dry run by default.
//
//   half-written backups   a folder under the backup root without complete meta, whose lock (if
//                          any) is stale and whose newest file is older than the threshold
//   stale locks            the lock object of a complete backup (a create killed after its last
//                          meta file), or of a half-written one
//   staged restore files   restore-temp-*/ in Milvus's storage untouched for the threshold
//   temporary restore      <target>_mbtmp_<16 hex digits> in any database of Milvus, created before
//   collections            the threshold, whose restore's journal (under any backup of the root)
//                          was not updated within it either
// A live lock (its create still runs and refreshes it) protects its backup whatever its age, and a
// journal written lately protects its restore's temporary collections.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "util/error.h"

namespace mb::storage {
class ObjectStore;
}
namespace mb::milvus {
class MilvusClient;
}

namespace mb::api {

struct GcOptions {
  bool apply = false;                          // false: list only
  std::chrono::seconds older_than{3600};       // --older_than
};

enum class GarbageKind { kHalfWrittenBackup, kStaleLock, kStagedFiles, kTempCollection };
std::string_view to_string(GarbageKind kind);

struct Garbage {
  GarbageKind kind = GarbageKind::kHalfWrittenBackup;
  std::string where{};   // "s3://bucket/backup/b1/", "milvus host:port db.collection" and the like
  std::string prefix{};  // the key prefix (the key, for a lock; "db.collection", for a collection) removed
  uint64_t objects = 0;
  uint64_t bytes = 0;
  int64_t age_seconds = 0;
  std::string detail{};
  bool removed = false;
};

struct GcReport {
  std::vector<Garbage> found{};
  std::vector<std::string> kept{};  // what looked like garbage but is not (live lock, too young), and why
  // Why Milvus could not be checked for temporary collections (unreachable, a call failed); the
  // storage part is in `found` and `kept` all the same.
  std::optional<Error> milvus_error{};
};

// What gc looks at. collect_garbage(config, options) opens them as milvus.* and backup.* say.
struct GcEnvironment {
  storage::ObjectStore& backup_store;
  storage::ObjectStore& milvus_store;
  Result<milvus::MilvusClient*> milvus;  // or why it could not be connected
};

Result<GcReport> collect_garbage(const config::Config& config, const GcOptions& options);
Result<GcReport> collect_garbage(const config::Config& config, const GcOptions& options, const GcEnvironment& env);

// One line per entry: "would remove half-written backup s3://... (3 file(s), 1234 bytes, 4000 s old: ...)",
// and one saying Milvus was not checked when it was not.
std::string render_gc_report(const GcReport& report, bool applied);

}  // namespace mb::api
