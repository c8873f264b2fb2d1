// Long backups and restores as jobs: each runs on its own thread, outliving the request that
// started it, and can be polled (state, progress, error) and cancelled. Every job's record is kept
// as a JSON file under a state dir, so a restarted server still answers for jobs it ran before.
//
// Uniqueness: among running jobs, a backup's name and a restore's id are unique (the Go tool
// refuses a second task with a running task's name). Finished jobs may be superseded: lookups
// return the newest job with the id or name.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "api/job_record.h"
#include "util/cancellation.h"
#include "util/error.h"

namespace mb::api {

// What a finished job produced, kept in its record.
struct JobOutcome {
  int64_t size = 0;                        // backup: bytes of the backup
  std::vector<std::string> collections{};  // restore: "db.coll" restored to
  std::vector<int64_t> collection_sizes{};  // restore: bytes of each one's backup, same order
  std::string report{};                    // verify: the report as JSON
};

struct JobSpec {
  JobKind kind = JobKind::kBackup;
  std::string id{};
  std::string name{};
  // Runs on the job's thread; should return Error(kCancelled) soon after the token is cancelled.
  std::function<Result<JobOutcome>(const CancellationToken&)> run{};
  // Samples the running job's counters; called from any thread while `run` runs.
  std::function<ProgressSnapshot()> sample{};
  // Kept in the record (JobRecord::request) so that a restarted server can run the job again.
  std::string request{};
  // The sequence of an interrupted job's record (JobManager::interrupted) this one runs again: that
  // record is replaced by this job's.
  std::optional<uint64_t> resumes{};
};

class JobManager {
 public:
  struct Options {
    std::filesystem::path state_dir{};
    // Finished jobs kept (in memory and on disk); the oldest go first. Bounds memory however long
    // the server runs.
    size_t max_history = 1000;
    // A running job's record is rewritten when its phase changes (looked at every phase_poll) and
    // when its counters moved and record_interval has passed, so after a kill -9 the history
    // shows how far it got.
    std::chrono::milliseconds record_interval{3000};
    std::chrono::milliseconds phase_poll{250};
  };

  // Creates the state dir if needed, takes its lock (one server per state dir: Error(kAlreadyExists)
  // otherwise) and loads the history. Jobs the history shows running were cut off by a stop or a
  // crash: they are recorded as failed, error kind "interrupted", until one is run again (a JobSpec
  // that `resumes` it).
  static Result<std::unique_ptr<JobManager>> open(Options options);

  // Cancels the running jobs and waits for them to end.
  ~JobManager();
  JobManager(const JobManager&) = delete;
  JobManager& operator=(const JobManager&) = delete;

  // Records the job (state kInitial) and starts its thread. Error(kAlreadyExists) when a running
  // job holds the name (backup) or id (restore); Error(kIo) when the record cannot be written.
  Result<JobRecord> start(JobSpec spec);

  // The jobs open() found running, as recorded then (failed, "interrupted"), oldest first.
  const std::vector<JobRecord>& interrupted() const { return interrupted_; }
  // An interrupted job that is not run again: its record says why.
  void record_not_resumed(uint64_t sequence, const Error& why);

  std::optional<JobRecord> find(JobKind kind, std::string_view id) const;
  std::optional<JobRecord> find_by_name(JobKind kind, std::string_view name) const;
  // The running job holding a backup name, if any.
  std::optional<JobRecord> running_with_name(JobKind kind, std::string_view name) const;

  // Blocks until the job has ended; nullopt when no such job.
  std::optional<JobRecord> wait(JobKind kind, std::string_view id);
  // Blocks until the job has ended or `timeout` passed, then answers with its fresh record; nullopt
  // when no such job. Lets a watcher report progress at a pace and still learn the end at once.
  std::optional<JobRecord> wait_for(JobKind kind, std::string_view id, std::chrono::milliseconds timeout);

  // Error(kNotFound) when no running job has the id.
  Status cancel(JobKind kind, std::string_view id);

  // Every job, oldest first, with fresh progress for the running ones.
  std::vector<JobRecord> snapshot() const;

  const std::filesystem::path& state_dir() const { return options_.state_dir; }

 private:
  struct Job;
  using Jobs = std::vector<std::unique_ptr<Job>>;
  JobManager(Options options, int lock_fd);

  void record_progress_until_stopped(Job& job, std::stop_token stop);
  JobRecord view(const Job& job) const;  // caller holds mutex_
  Job* find_locked(JobKind kind, std::string_view id) const;
  bool held_locked(const Job* job) const;
  bool ended_or_forgotten_locked(const Job* job) const;
  std::optional<JobRecord> view_or_newest_locked(const Job* job, JobKind kind, std::string_view id) const;
  Job* find_by_name_locked(JobKind kind, std::string_view name) const;
  void forget_old_jobs_locked();
  // Forgets an ended job and its history file; answers the iterator past it.
  Jobs::iterator erase_ended_locked(Jobs::iterator it);
  void persist(const JobRecord& record) const;

  Options options_;
  int lock_fd_ = -1;
  mutable std::mutex mutex_;
  std::condition_variable job_ended_;
  Jobs jobs_;  // creation order
  uint64_t next_sequence_ = 1;
  std::vector<JobRecord> interrupted_;  // set by open()
};

}  // namespace mb::api
