#include "copy/copy_engine.h"

#include <algorithm>
#include <atomic>
#include <fmt/format.h>
#include <mutex>
#include <optional>
#include <thread>

#include "copy/buffer_pool.h"
#include "copy/concurrency_window.h"
#include "copy/memory_budget.h"
#include "copy/rate_limiter.h"
#include "util/crc32c.h"
#include "util/retry.h"

namespace mb::copy {
namespace {

struct RunState {
  const CopyOptions& options;
  storage::ObjectStore& source;
  storage::ObjectStore& destination;
  std::span<const CopyJob> jobs;
  CopyProgress* progress;
  const CancellationToken* cancel;
  bool server_side;
  BufferPool& buffers;
  MemoryBudget& budget;
  RateLimiter& limiter;
  ConcurrencyWindow& window;
  std::atomic<size_t> next_job{0};
  std::atomic<bool> failed{false};
  std::mutex error_mutex{};
  std::optional<Error> first_error{};
  std::vector<CopiedObject> results{};

  bool should_stop() const { return failed.load() || (cancel && cancel->cancelled()); }

  void record_error(Error error) {
    std::lock_guard lock(error_mutex);
    if (!first_error) first_error = std::move(error);
    failed.store(true);
  }
};

Error with_job_context(Error error, const CopyJob& job) {
  return std::move(error).with("source_key", job.src_key).with("destination_key", job.dst_key);
}

Result<CopiedObject> stream_once(RunState& state, const CopyJob& job, std::span<std::byte> buffer,
                                 uint64_t& moved) {
  MB_TRY(writer, state.destination.open_writer(job.dst_key, job.size));
  uint32_t crc = 0;
  uint64_t offset = 0;
  while (offset < job.size) {
    if (state.cancel && state.cancel->cancelled()) {
      writer->abort();
      return fail(ErrorCode::kCancelled, "copy cancelled");
    }
    const size_t want = static_cast<size_t>(std::min<uint64_t>(buffer.size(), job.size - offset));
    MB_TRY(got, state.source.read_range(job.src_key, offset, buffer.first(want)));
    if (got == 0) {
      writer->abort();
      return fail(ErrorCode::kCorrupt,
                  fmt::format("source object ended at {} bytes, {} were listed", offset, job.size));
    }
    crc = crc32c(buffer.first(got), crc);
    state.limiter.acquire(got);
    MB_CHECK(writer->write(buffer.first(got)));
    offset += got;
    moved += got;
    if (state.progress) state.progress->bytes_done += got;
  }
  MB_CHECK(writer->commit());
  return CopiedObject{job.dst_key, job.size, crc, false};
}

// The read buffer is leased only inside the reservation, so the pool's memory in use stays within
// the budget too.
Result<CopiedObject> stream_within_budget(RunState& state, const CopyJob& job, uint64_t& moved) {
  const uint64_t writer_bytes = state.destination.writer_buffer_bytes(job.size);
  const auto reservation = state.budget.reserve_unless(state.options.buffer_size + writer_bytes,
                                                       [&state] { return state.should_stop(); });
  if (!reservation || state.should_stop()) return fail(ErrorCode::kCancelled, "copy stopped before it started");
  const auto lease = state.buffers.acquire();
  return stream_once(state, job, lease.span(), moved);
}

Result<CopiedObject> copy_once(RunState& state, const CopyJob& job, uint64_t& moved) {
  if (!state.server_side) return stream_within_budget(state, job, moved);
  MB_CHECK(state.destination.copy_from(state.source, job.src_key, job.dst_key, job.size));
  moved = job.size;
  if (state.progress) state.progress->bytes_done += job.size;
  return CopiedObject{job.dst_key, job.size, std::nullopt, true};
}

// The store asks us to slow down: S3 SlowDown and 503, Azure ServerBusy (503), GCS 429 and 503.
bool is_throttling(const Error& error) {
  const std::string_view status = error.get(retry::kHttpStatusKey);
  return status == "429" || status == "503";
}

// One attempt inside the concurrency window, telling the window how it went. The window is
// entered before the memory budget, always in that order: whoever holds memory already holds a
// place in its run's window and waits for nothing but the store, so the two cannot wait on each
// other, within a run or across the runs that share the budget.
Result<CopiedObject> copy_in_window(RunState& state, const CopyJob& job, uint64_t& moved) {
  auto slot = state.window.enter();
  if (state.should_stop()) return fail(ErrorCode::kCancelled, "copy stopped before it started");
  auto copied = copy_once(state, job, moved);
  if (copied) {
    slot.succeeded();
  } else if (is_throttling(copied.error())) {
    slot.throttled();
    if (state.progress) ++state.progress->throttled;
  }
  if (state.progress) state.progress->concurrency_window = static_cast<uint64_t>(state.window.size());
  return copied;
}

Result<CopiedObject> copy_with_retries(RunState& state, const CopyJob& job) {
  const retry::Policy policy{.initial_backoff = state.options.initial_backoff};
  int failures = 0;
  int throttles = 0;
  std::optional<std::chrono::steady_clock::time_point> first_failure;
  for (int attempt = 1;; ++attempt) {
    uint64_t moved = 0;
    const auto attempt_start = std::chrono::steady_clock::now();
    auto copied = copy_in_window(state, job, moved);
    if (copied || state.should_stop() || !retry::should_retry(copied.error(), retry::Replay::kIdempotent)) {
      return copied;
    }
    // The window counts from the start of the first failed attempt: its requests waited in it too.
    const auto now = std::chrono::steady_clock::now();
    if (!first_failure) first_failure = attempt_start;
    const bool throttled = is_throttling(copied.error());
    if (throttled) ++throttles; else ++failures;
    const bool out_of_attempts = throttled ? throttles >= state.options.max_throttled_attempts
                                 : state.options.retry_window.count() > 0
                                     ? now - *first_failure >= state.options.retry_window
                                     : failures >= state.options.max_attempts;
    if (out_of_attempts) return fail(std::move(copied).error().with("copy_attempts", std::to_string(attempt)));
    if (state.progress) {
      // The bytes of the failed attempt are copied again: take them back out of the count.
      state.progress->bytes_done -= moved;
      ++state.progress->retries;
    }
    retry::sleep_for(retry::backoff_delay(policy, attempt, retry::next_unit_random()));
  }
}

void worker(RunState& state) {
  while (!state.should_stop()) {
    const size_t index = state.next_job.fetch_add(1);
    if (index >= state.jobs.size()) return;
    const CopyJob& job = state.jobs[index];
    auto copied = copy_with_retries(state, job);
    if (!copied) {
      state.record_error(with_job_context(std::move(copied).error(), job));
      return;
    }
    state.results[index] = std::move(*copied);
    if (state.progress) ++state.progress->files_done;
  }
}

}  // namespace

CopyEngine::CopyEngine(CopyOptions options) : options_(options) {}

Result<std::vector<CopiedObject>> CopyEngine::run(storage::ObjectStore& source, storage::ObjectStore& destination,
                                                  std::span<const CopyJob> jobs, CopyProgress* progress,
                                                  const CancellationToken* cancel) const {
  if (jobs.empty()) return std::vector<CopiedObject>{};
  const size_t workers = std::min<size_t>(std::max(options_.concurrency, 1), jobs.size());
  const bool server_side = options_.allow_server_side && source.identity() == destination.identity();
  // A server-side copy moves no bytes through us and takes no buffer.
  BufferPool buffers(server_side ? 0 : workers, options_.buffer_size);
  MemoryBudget& budget = process_memory_budget(options_.memory_budget_bytes);
  RateLimiter limiter(options_.rate_limit_bytes_per_sec);
  ConcurrencyWindow window(static_cast<int>(workers), options_.successes_per_window_step);
  RunState state{options_,    source,  destination, jobs,    progress, cancel,
                 server_side, buffers, budget,      limiter, window};
  state.results.resize(jobs.size());
  if (progress) {
    progress->files_total += jobs.size();
    for (const auto& job : jobs) progress->bytes_total += job.size;
    progress->concurrency_window = workers;
  }
  {
    std::vector<std::jthread> threads;
    threads.reserve(workers);
    for (size_t i = 0; i < workers; ++i) threads.emplace_back([&state] { worker(state); });
  }
  if (state.first_error) return fail(std::move(*state.first_error));
  if (cancel && cancel->cancelled()) return fail(ErrorCode::kCancelled, "copy cancelled");
  return std::move(state.results);
}

}  // namespace mb::copy
