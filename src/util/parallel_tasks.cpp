#include "util/parallel_tasks.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace mb {

Status run_bounded(size_t count, int concurrency, const std::function<Status(size_t)>& task,
                   const CancellationToken* cancel) {
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  std::optional<Error> first_error;
  auto should_stop = [&] { return failed.load() || (cancel && cancel->cancelled()); };

  auto worker = [&] {
    while (!should_stop()) {
      const size_t index = next.fetch_add(1);
      if (index >= count) return;
      if (auto done = task(index); !done) {
        std::lock_guard lock(error_mutex);
        if (!first_error) first_error = std::move(done).error();
        failed.store(true);
        return;
      }
    }
  };
  {
    const size_t threads = std::min<size_t>(count, static_cast<size_t>(std::max(concurrency, 1)));
    std::vector<std::jthread> pool;
    pool.reserve(threads);
    for (size_t i = 0; i < threads; ++i) pool.emplace_back(worker);
  }
  if (first_error) return fail(std::move(*first_error));
  if (next.load() < count && cancel && cancel->cancelled()) return fail(ErrorCode::kCancelled, "cancelled");
  return {};
}

}  // namespace mb
