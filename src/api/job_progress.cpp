#include "api/job_progress.h"

#include <algorithm>

namespace mb::api {
namespace {

double fraction(uint64_t done, uint64_t total) {
  return total == 0 ? 0.0 : std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
}

}  // namespace

int backup_percent(const ProgressSnapshot& s) {
  // Every collection passes flush (10) before any binlog copies; the copy moves all of them from
  // 15 to 100 together, weighted by bytes, since one copy engine runs them all.
  double collection_percent = 0;
  if (s.phase == "prepare") return 1;
  if (s.phase == "meta") return 5;
  if (s.phase == "flush") {
    collection_percent = 10.0 * fraction(s.collections_done, s.collections_total);
  } else if (s.phase == "copy") {
    collection_percent = 15.0 + 85.0 * fraction(s.bytes_done, s.bytes_total);
  } else {
    // verify, commit, cleanup, done: the data is in place; only meta is left.
    collection_percent = 100.0;
  }
  // 99 at most: 100 means the backup is committed, which only the job's end says.
  return std::min(99, static_cast<int>(5.0 + 0.95 * collection_percent));
}

int restore_percent(const ProgressSnapshot& s) {
  // Staging binlogs is half the work of a collection and its import the other half; collections
  // are weighted equally because the import jobs' own progress is not sampled.
  const double staged = s.bytes_total == 0 ? (s.phase == "import" ? 1.0 : 0.0) : fraction(s.bytes_done, s.bytes_total);
  const double imported = fraction(s.collections_done, s.collections_total);
  const int percent = static_cast<int>(100.0 * (0.5 * staged + 0.5 * imported));
  return std::clamp(percent, 1, 99);
}

int verify_percent(const ProgressSnapshot& s) {
  const double read = s.phase == "read" ? fraction(s.bytes_done, s.bytes_total) : 0.0;
  const double backups = fraction(s.collections_done, s.collections_total);
  const double per_backup = s.collections_total == 0 ? 0.0 : 1.0 / static_cast<double>(s.collections_total);
  return std::clamp(static_cast<int>(100.0 * std::min(1.0, backups + per_backup * read)), 1, 99);
}

int job_percent(JobKind kind, const ProgressSnapshot& running) {
  switch (kind) {
    case JobKind::kBackup: return backup_percent(running);
    case JobKind::kRestore: return restore_percent(running);
    case JobKind::kVerify: return verify_percent(running);
  }
  return 0;
}

}  // namespace mb::api
