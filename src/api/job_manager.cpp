#include "api/job_manager.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stop_token>

#include "api/job_progress.h"
#include "util/atomic_file.h"

namespace mb::api {
namespace {

namespace fs = std::filesystem;

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

fs::path jobs_dir(const fs::path& state_dir) { return state_dir / "jobs"; }

// Named by sequence, never by id: ids come from clients and must not become paths.
fs::path record_path(const fs::path& state_dir, uint64_t sequence) {
  return jobs_dir(state_dir) / fmt::format("{:020}.json", sequence);
}

Result<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::kIo, "cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

constexpr std::string_view kInterrupted = "interrupted: the server stopped while the job ran";

// The key no two running jobs of a kind share.
const std::string& exclusive_key(const JobRecord& record) {
  return record.kind == JobKind::kBackup ? record.name : record.id;
}

}  // namespace

struct JobManager::Job {
  JobRecord record;
  std::function<ProgressSnapshot()> sample;
  CancellationToken cancel;
  std::thread thread;
};

Result<std::unique_ptr<JobManager>> JobManager::open(Options options) {
  std::error_code ec;
  fs::create_directories(jobs_dir(options.state_dir), ec);
  if (ec) {
    return fail(ErrorCode::kIo, fmt::format("cannot create the server state dir {}: {}",
                                            options.state_dir.string(), ec.message()));
  }
  const auto lock_path = options.state_dir / "lock";
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return fail(ErrorCode::kIo, "cannot open " + lock_path.string());
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return fail(ErrorCode::kAlreadyExists,
                "another milvus-backup server uses the state dir " + options.state_dir.string());
  }
  std::unique_ptr<JobManager> manager(new JobManager(std::move(options), fd));

  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(jobs_dir(manager->options_.state_dir), ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    auto text = read_file(file);
    auto record = text ? decode_job_record(*text) : std::unexpected(text.error());
    if (!record) {
      // One damaged record must not keep the server from starting; the rest of history is good.
      spdlog::warn("skipping job record {}: {}", file.string(), record.error().to_string());
      continue;
    }
    if (is_running(record->state)) {
      record->state = JobState::kFail;
      record->progress = 0;
      record->error = std::string(kInterrupted);
      record->error_kind = "interrupted";
      manager->persist(*record);
      manager->interrupted_.push_back(*record);
    }
    manager->next_sequence_ = std::max(manager->next_sequence_, record->sequence + 1);
    auto job = std::make_unique<Job>();
    job->record = std::move(*record);
    manager->jobs_.push_back(std::move(job));
  }
  std::lock_guard lock(manager->mutex_);
  manager->forget_old_jobs_locked();
  return manager;
}

JobManager::JobManager(Options options, int lock_fd) : options_(std::move(options)), lock_fd_(lock_fd) {}

JobManager::~JobManager() {
  {
    std::lock_guard lock(mutex_);
    for (auto& job : jobs_) job->cancel.cancel();
  }
  // Jobs take the mutex to record their end, so join without holding it.
  for (auto& job : jobs_) {
    if (job->thread.joinable()) job->thread.join();
  }
  ::close(lock_fd_);  // releases the flock
}

Result<JobRecord> JobManager::start(JobSpec spec) {
  std::unique_lock lock(mutex_);
  JobRecord record{.id = std::move(spec.id),
                   .kind = spec.kind,
                   .name = std::move(spec.name),
                   .state = JobState::kInitial,
                   .progress = 1,
                   .start_time = unix_now(),
                   .request = std::move(spec.request),
                   .sequence = next_sequence_};
  for (const auto& job : jobs_) {
    if (job->record.kind != record.kind || !is_running(job->record.state)) continue;
    if (exclusive_key(job->record) != exclusive_key(record)) continue;
    if (record.kind == JobKind::kBackup) {
      return fail(Error(ErrorCode::kAlreadyExists,
                        fmt::format("backup: add backup task to manager: {} (existing task {})", record.name,
                                    job->record.id)));
    }
    return fail(Error(ErrorCode::kAlreadyExists,
                      fmt::format("{} task {} is already running", to_string(record.kind), record.id)));
  }
  // Written before the thread starts, so the history never misses a job that ran.
  const auto path = record_path(options_.state_dir, record.sequence);
  if (auto written = write_file_atomically(path, encode_job_record(record)); !written) {
    return fail(wrap(std::move(written).error(), "record the job in the server state dir"));
  }
  ++next_sequence_;
  if (spec.resumes) {
    const auto replaced = std::find_if(jobs_.begin(), jobs_.end(), [&](const auto& job) {
      return job->record.sequence == *spec.resumes && !is_running(job->record.state);
    });
    if (replaced != jobs_.end()) erase_ended_locked(replaced);
  }
  // A finished thread keeps its stack until joined; joining here bounds them by the running jobs.
  for (auto& job : jobs_) {
    if (!is_running(job->record.state) && job->thread.joinable()) job->thread.join();
  }
  auto job = std::make_unique<Job>();
  job->record = record;
  job->sample = std::move(spec.sample);
  Job& started = *job;
  jobs_.push_back(std::move(job));
  forget_old_jobs_locked();
  started.thread = std::thread([this, &started, run = std::move(spec.run)] {
    {
      std::lock_guard job_lock(mutex_);
      started.record.state = JobState::kExecuting;
    }
    const auto began = std::chrono::steady_clock::now();
    std::optional<Result<JobOutcome>> outcome_slot;
    {
      // Joined before the end is written below, so a progress record never follows the end.
      std::jthread recorder([this, &started](std::stop_token stop) { record_progress_until_stopped(started, stop); });
      outcome_slot.emplace(run(started.cancel));
    }
    auto& outcome = *outcome_slot;
    JobRecord ended;
    {
      std::lock_guard job_lock(mutex_);
      ended = view(started);
    }
    ended.end_time = unix_now();
    ended.duration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    if (outcome) {
      ended.state = JobState::kSuccess;
      ended.progress = 100;
      ended.size = outcome->size;
      ended.collections = std::move(outcome->collections);
      ended.collection_sizes = std::move(outcome->collection_sizes);
      ended.report = std::move(outcome->report);
    } else {
      ended.state = JobState::kFail;
      ended.progress = 0;
      ended.error = outcome.error().to_string();
      ended.error_kind = std::string(mb::to_string(outcome.error().code));
    }
    persist(ended);
    std::lock_guard job_lock(mutex_);
    started.record = std::move(ended);
    job_ended_.notify_all();
  });
  return record;
}

void JobManager::record_progress_until_stopped(Job& job, std::stop_token stop) {
  JobRecord recorded;
  {
    std::lock_guard lock(mutex_);
    recorded = view(job);
  }
  // Only while it runs: a recorder that got its first turn after the job ended writes nothing.
  if (!is_running(recorded.state)) return;
  persist(recorded);
  auto written_at = std::chrono::steady_clock::now();
  std::mutex sleep_mutex;
  std::condition_variable_any wake;
  std::unique_lock sleep_lock(sleep_mutex);
  while (!wake.wait_for(sleep_lock, stop, options_.phase_poll, [&stop] { return stop.stop_requested(); })) {
    JobRecord now;
    {
      std::lock_guard lock(mutex_);
      now = view(job);
    }
    const auto elapsed = std::chrono::steady_clock::now() - written_at;
    const bool phase_changed = now.counters.phase != recorded.counters.phase;
    const bool due = elapsed >= options_.record_interval && now.counters != recorded.counters;
    if (!phase_changed && !due) continue;
    persist(now);
    recorded = std::move(now);
    written_at = std::chrono::steady_clock::now();
  }
}

JobRecord JobManager::view(const Job& job) const {
  JobRecord record = job.record;
  if (is_running(record.state) && job.sample) {
    record.counters = job.sample();
    record.progress = job_percent(record.kind, record.counters);
  }
  return record;
}

JobManager::Job* JobManager::find_locked(JobKind kind, std::string_view id) const {
  for (auto it = jobs_.rbegin(); it != jobs_.rend(); ++it) {
    if ((*it)->record.kind == kind && (*it)->record.id == id) return it->get();
  }
  return nullptr;
}

JobManager::Job* JobManager::find_by_name_locked(JobKind kind, std::string_view name) const {
  for (auto it = jobs_.rbegin(); it != jobs_.rend(); ++it) {
    if ((*it)->record.kind == kind && (*it)->record.name == name) return it->get();
  }
  return nullptr;
}

std::optional<JobRecord> JobManager::find(JobKind kind, std::string_view id) const {
  std::lock_guard lock(mutex_);
  if (const Job* job = find_locked(kind, id)) return view(*job);
  return std::nullopt;
}

std::optional<JobRecord> JobManager::find_by_name(JobKind kind, std::string_view name) const {
  std::lock_guard lock(mutex_);
  if (const Job* job = find_by_name_locked(kind, name)) return view(*job);
  return std::nullopt;
}

std::optional<JobRecord> JobManager::running_with_name(JobKind kind, std::string_view name) const {
  std::lock_guard lock(mutex_);
  for (const auto& job : jobs_) {
    if (job->record.kind == kind && job->record.name == name && is_running(job->record.state)) return view(*job);
  }
  return std::nullopt;
}

std::optional<JobRecord> JobManager::wait(JobKind kind, std::string_view id) {
  std::unique_lock lock(mutex_);
  const Job* job = find_locked(kind, id);
  if (!job) return std::nullopt;
  job_ended_.wait(lock, [&] { return ended_or_forgotten_locked(job); });
  return view_or_newest_locked(job, kind, id);
}

std::optional<JobRecord> JobManager::wait_for(JobKind kind, std::string_view id, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const Job* job = find_locked(kind, id);
  if (!job) return std::nullopt;
  job_ended_.wait_for(lock, timeout, [&] { return ended_or_forgotten_locked(job); });
  return view_or_newest_locked(job, kind, id);
}

// A waiter sleeps without the lock; meanwhile a new job may push the ended one out of the history
// (forget_old_jobs_locked) and free it. So a waiter checks that its job is still held before
// touching it.
bool JobManager::held_locked(const Job* job) const {
  return std::any_of(jobs_.begin(), jobs_.end(), [job](const auto& held) { return held.get() == job; });
}

bool JobManager::ended_or_forgotten_locked(const Job* job) const {
  return !held_locked(job) || !is_running(job->record.state);
}

std::optional<JobRecord> JobManager::view_or_newest_locked(const Job* job, JobKind kind, std::string_view id) const {
  if (held_locked(job)) return view(*job);
  if (const Job* newest = find_locked(kind, id)) return view(*newest);
  return std::nullopt;
}

Status JobManager::cancel(JobKind kind, std::string_view id) {
  std::lock_guard lock(mutex_);
  Job* job = find_locked(kind, id);
  if (!job || !is_running(job->record.state)) {
    return fail(ErrorCode::kNotFound, fmt::format("no running {} task {}", to_string(kind), id));
  }
  job->cancel.cancel();
  return {};
}

std::vector<JobRecord> JobManager::snapshot() const {
  std::lock_guard lock(mutex_);
  std::vector<JobRecord> records;
  records.reserve(jobs_.size());
  for (const auto& job : jobs_) records.push_back(view(*job));
  return records;
}

void JobManager::record_not_resumed(uint64_t sequence, const Error& why) {
  std::lock_guard lock(mutex_);
  for (auto& job : jobs_) {
    if (job->record.sequence != sequence || is_running(job->record.state)) continue;
    job->record.error = fmt::format("{}; not resumed: {}", kInterrupted, why.to_string());
    persist(job->record);
  }
}

void JobManager::forget_old_jobs_locked() {
  size_t finished = 0;
  for (const auto& job : jobs_) finished += is_running(job->record.state) ? 0 : 1;
  for (auto it = jobs_.begin(); finished > options_.max_history && it != jobs_.end();) {
    if (is_running((*it)->record.state)) {
      ++it;
      continue;
    }
    it = erase_ended_locked(it);
    --finished;
  }
}

JobManager::Jobs::iterator JobManager::erase_ended_locked(Jobs::iterator it) {
  // Its thread has recorded the end and holds no lock any more: joining is immediate.
  if ((*it)->thread.joinable()) (*it)->thread.join();
  std::error_code ec;
  fs::remove(record_path(options_.state_dir, (*it)->record.sequence), ec);
  return jobs_.erase(it);
}

void JobManager::persist(const JobRecord& record) const {
  // A job's result does not depend on its history file; a failed write is logged, not fatal.
  if (auto written = write_file_atomically(record_path(options_.state_dir, record.sequence), encode_job_record(record));
      !written) {
    spdlog::warn("cannot record job {}: {}", record.id, written.error().to_string());
  }
}

}  // namespace mb::api
