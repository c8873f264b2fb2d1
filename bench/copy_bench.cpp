// copy_bench: copies every object under one location to another with CopyEngine, the way a backup
// copies binlogs, and prints one JSON line with what it moved, how fast and at what peak memory.
// bench/run_copy_bench.sh runs it against cp -r and rclone on the same files.
//
//   copy_bench --from /data/src --to s3://bucket/prefix [--concurrency 16] [--buffer-mib 4] [--streaming]
//
// Locations: see location.h. The time covers listing the source and copying, as the baseline
// tools' wall time does; the destination bucket is created first (outside the time) if missing.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>
#include <vector>

#include "copy/copy_engine.h"
#include "location.h"
#include "peak_rss.h"
#include "storage/store_factory.h"
#include "util/log.h"
#include "util/malloc_tuning.h"

namespace mb::bench {
namespace {

struct Options {
  std::string from;
  std::string to;
  copy::CopyOptions copy;
  size_t buffer_mib = copy::CopyOptions{}.buffer_size >> 20;
  bool streaming = false;
};

std::string key_under(const std::string& prefix, std::string_view relative) {
  return prefix.empty() ? std::string(relative) : prefix + "/" + std::string(relative);
}

// One job per source object, to the same relative key under the destination prefix.
Result<std::vector<copy::CopyJob>> list_jobs(storage::ObjectStore& source, const Location& from, const Location& to) {
  const std::string list_prefix = from.key_prefix.empty() ? "" : from.key_prefix + "/";
  std::vector<copy::CopyJob> jobs;
  MB_CHECK(source.list(list_prefix, true, [&](const storage::ObjectInfo& object) -> Status {
    const std::string_view relative = std::string_view(object.key).substr(list_prefix.size());
    jobs.push_back({object.key, key_under(to.key_prefix, relative), object.size});
    return {};
  }));
  return jobs;
}

struct Measurement {
  size_t files = 0;
  uint64_t bytes = 0;
  double list_seconds = 0;
  double seconds = 0;
  bool server_side = false;
};

Result<Measurement> run(const Options& options) {
  MB_TRY(from, parse_location(options.from));
  MB_TRY(to, parse_location(options.to));
  MB_TRY(source, storage::make_store(from.storage));
  MB_TRY(destination, storage::make_store(to.storage));
  MB_CHECK(destination->ensure_bucket());

  copy::CopyOptions copy_options = options.copy;
  copy_options.buffer_size = options.buffer_mib << 20;
  copy_options.allow_server_side = !options.streaming;

  Measurement measurement;
  const auto start = std::chrono::steady_clock::now();
  MB_TRY(jobs, list_jobs(*source, from, to));
  if (jobs.empty()) return fail(ErrorCode::kNotFound, "no objects under " + options.from);
  const auto listed = std::chrono::steady_clock::now();
  MB_TRY(copied, copy::CopyEngine(copy_options).run(*source, *destination, jobs));
  // Timed as a backup pays it before writing its meta (cp -r, the local baseline, syncs nothing).
  MB_CHECK(destination->make_durable());
  const auto done = std::chrono::steady_clock::now();

  measurement.files = jobs.size();
  for (const auto& job : jobs) measurement.bytes += job.size;
  measurement.list_seconds = std::chrono::duration<double>(listed - start).count();
  measurement.seconds = std::chrono::duration<double>(done - start).count();
  measurement.server_side = !copied.empty() && copied.front().server_side;
  return measurement;
}

nlohmann::ordered_json to_json(const Measurement& m, const Options& options) {
  constexpr double kMiB = 1 << 20;
  const double seconds = m.seconds > 0 ? m.seconds : 1e-9;
  return {
      {"files", m.files},
      {"bytes", m.bytes},
      {"seconds", m.seconds},
      {"list_seconds", m.list_seconds},
      {"mib_per_s", static_cast<double>(m.bytes) / kMiB / seconds},
      {"objects_per_s", static_cast<double>(m.files) / seconds},
      {"peak_rss_mib", static_cast<double>(peak_rss_kib()) / 1024},
      {"server_side", m.server_side},
      {"concurrency", options.copy.concurrency},
      {"buffer_mib", options.buffer_mib},
      {"memory_budget_mib", options.copy.memory_budget_bytes >> 20},
  };
}

}  // namespace
}  // namespace mb::bench

int main(int argc, char** argv) {
  mb::keep_large_blocks_mapped();
  mb::bench::Options options;
  CLI::App app{"Copies every object under --from to --to with the copy engine; prints one JSON line."};
  app.add_option("--from", options.from, "local directory or s3://bucket[/prefix]")->required();
  app.add_option("--to", options.to, "local directory or s3://bucket[/prefix]")->required();
  app.add_option("--concurrency", options.copy.concurrency, "copy workers")->capture_default_str();
  app.add_option("--buffer-mib", options.buffer_mib, "streaming buffer per worker, MiB")->capture_default_str();
  app.add_flag("--streaming", options.streaming, "stream every byte through us even when a server-side copy works");
  CLI11_PARSE(app, argc, argv);
  mb::log::init("warn");

  auto measurement = mb::bench::run(options);
  if (!measurement) {
    std::cerr << "copy_bench: " << measurement.error().to_string() << "\n";
    return 1;
  }
  std::cout << mb::bench::to_json(*measurement, options).dump() << std::endl;
  return 0;
}
