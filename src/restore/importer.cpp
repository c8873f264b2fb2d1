#include "restore/importer.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>

#include "util/log.h"

namespace mb::restore {
namespace {

Error job_error(Error error, const CollectionTask& task, const ImportJob& job, const std::vector<std::string>& files) {
  return std::move(error)
      .with("target", task.target_label())
      .with("partition", job.partition.empty() ? "(all)" : job.partition)
      .with("files", fmt::format("[{}]", fmt::join(files, ", ")));
}

Result<int64_t> import_one(milvus::MilvusClient& client, const CollectionTask& task, const ImportJob& job,
                           const std::vector<std::string>& files, const ImportSettings& settings,
                           const CancellationToken* cancel) {
  milvus::ImportSpec spec{.db = task.target_db, .collection = task.target_collection, .partition = job.partition,
                          .files = files, .options = job.options};
  auto started = client.import(spec);
  if (!started) return fail(job_error(wrap(std::move(started).error(), "start import"), task, job, files));
  const int64_t id = *started;
  spdlog::info("import started task={} target={} partition={} rows={}", id, task.target_label(), job.partition,
               job.rows);
  while (true) {
    if (cancel && cancel->cancelled()) {
      return fail(job_error(Error(ErrorCode::kCancelled, "import cancelled"), task, job, files)
                      .with("import_task", std::to_string(id)));
    }
    auto state = client.get_import_state(id);
    if (!state) return fail(job_error(wrap(std::move(state).error(), "get import state"), task, job, files));
    if (state->completed()) {
      // Milvus 2.3 completes an import of paths it cannot resolve (a relative path on local
      // storage) with zero rows instead of failing; without deletes that can only be this.
      const bool has_deletes = files.size() > 1 && !files[1].empty();
      if (state->row_count == 0 && job.rows > 0 && !job.l0 && !has_deletes) {
        return fail(job_error(Error(ErrorCode::kMilvus, fmt::format("import completed with 0 rows where the backup "
                                                                    "has {}: Milvus found no files under the paths",
                                                                    job.rows)),
                              task, job, files)
                        .with("import_task", std::to_string(id)));
      }
      return state->row_count;
    }
    if (state->failed()) {
      return fail(job_error(Error(ErrorCode::kMilvus, fmt::format("import failed: {}", state->failed_reason())), task,
                            job, files)
                      .with("import_task", std::to_string(id)));
    }
    std::this_thread::sleep_for(settings.poll_interval);
  }
}

// Runs the jobs with the given indexes on up to `concurrency` threads; the first error wins.
Status run_jobs(milvus::MilvusClient& client, const CollectionTask& task,
                const std::vector<std::vector<std::string>>& import_files, const std::vector<size_t>& indexes,
                const ImportSettings& settings, const CancellationToken* cancel, ImportOutcome& outcome) {
  std::atomic<size_t> next{0};
  std::atomic<int64_t> rows{0};
  std::mutex error_mutex;
  std::optional<Error> first_error;
  auto worker = [&] {
    while (true) {
      {
        std::lock_guard lock(error_mutex);
        if (first_error) return;
      }
      const size_t slot = next.fetch_add(1);
      if (slot >= indexes.size()) return;
      const size_t i = indexes[slot];
      auto imported = import_one(client, task, task.imports[i], import_files[i], settings, cancel);
      if (!imported) {
        std::lock_guard lock(error_mutex);
        if (!first_error) first_error = std::move(imported).error();
        return;
      }
      rows += *imported;
    }
  };
  const size_t threads = std::min<size_t>(std::max(settings.concurrency, 1), indexes.size());
  std::vector<std::thread> pool;
  for (size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& thread : pool) thread.join();
  if (first_error) return fail(std::move(*first_error));
  outcome.rows += rows.load();
  outcome.jobs += indexes.size();
  return {};
}

}  // namespace

Result<ImportOutcome> run_imports(milvus::MilvusClient& client, const CollectionTask& task,
                                  const std::vector<std::vector<std::string>>& import_files,
                                  const ImportSettings& settings, const CancellationToken* cancel) {
  if (import_files.size() != task.imports.size()) {
    return fail(Error(ErrorCode::kInternal, "import files do not match the planned jobs")
                    .with("target", task.target_label()));
  }
  std::vector<size_t> data_jobs;
  std::vector<size_t> l0_jobs;
  for (size_t i = 0; i < task.imports.size(); ++i) (task.imports[i].l0 ? l0_jobs : data_jobs).push_back(i);
  ImportOutcome outcome;
  MB_CHECK(run_jobs(client, task, import_files, data_jobs, settings, cancel, outcome));
  MB_CHECK(run_jobs(client, task, import_files, l0_jobs, settings, cancel, outcome));
  return outcome;
}

}  // namespace mb::restore
