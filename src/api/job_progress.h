// The percent a REST client polls, from the counters a running job advances. The Go tool's shape:
// a backup reports 1 at start, 5 while reading meta, then 5 + 0.95 x (its collections' progress),
// where a collection is 10 once flushed and 15 + 0.85 x copied% while its binlogs copy; a restore
// reports at least 1. Both report 100 on success and 0 on failure (the caller decides those).
#pragma once

#include "api/job_record.h"
#include "api/progress.h"

namespace mb::api {

int backup_percent(const ProgressSnapshot& running);
int restore_percent(const ProgressSnapshot& running);
// Verify: the backups checked, and within --read-data the bytes read; 1..99 while it runs.
int verify_percent(const ProgressSnapshot& running);
// The one of the three for `kind`.
int job_percent(JobKind kind, const ProgressSnapshot& running);

}  // namespace mb::api
