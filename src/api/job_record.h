// What the server remembers of a backup or restore job, and its on-disk JSON form: enough to answer
// get_backup/get_restore and /metrics after the job ended, even after a server restart.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "api/progress.h"
#include "util/error.h"

namespace mb::api {

enum class JobKind { kBackup, kRestore, kVerify };

// The Go tool's BackupTaskStateCode / RestoreTaskStateCode: the same numbers for both kinds, and
// the numbers are what REST clients compare with.
enum class JobState : int { kInitial = 0, kExecuting = 1, kSuccess = 2, kFail = 3, kTimeout = 4 };

std::string_view to_string(JobKind kind);
std::string_view to_string(JobState state);
bool is_running(JobState state);

struct JobRecord {
  std::string id{};
  JobKind kind = JobKind::kBackup;
  std::string name{};  // the backup created, or the backup restored from
  JobState state = JobState::kInitial;
  int progress = 0;           // percent, the Go tool's formulas (job_progress.h)
  ProgressSnapshot counters{};  // last sample; final once the job ended
  std::string error{};          // empty unless kFail
  std::string error_kind{};     // ErrorCode spelling of the failure ("cancelled", "storage", ...)
  int64_t start_time = 0;       // unix seconds
  int64_t end_time = 0;         // unix seconds; 0 while running
  double duration_seconds = 0;  // steady-clock run time, for /metrics
  int64_t size = 0;             // backup: BackupInfo.size of the finished backup
  std::vector<std::string> collections{};  // restore: "db.coll" restored to, once done
  std::vector<int64_t> collection_sizes{};  // restore: bytes of each one's backup, same order
  std::string report{};  // verify: its report, as `verify --output json` prints it, once done
  // The request that started the job, as JSON (job_request.h), so that a server restarted after a
  // crash can run it again; empty when there is none to run again (records of older servers).
  std::string request{};
  uint64_t sequence = 0;        // order of creation; also names the history file
};

std::string encode_job_record(const JobRecord& record);
// Error(kCorrupt) naming what is wrong.
Result<JobRecord> decode_job_record(std::string_view json);

}  // namespace mb::api
