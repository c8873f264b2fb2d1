#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"
#include "milvus_backup/library.h"

namespace mb::cli {

void add_gc_command(CLI::App& app, const GlobalOptions& options, int& exit_code) {
  struct Flags {
    bool apply = false;
    int64_t older_than = 3600;
  };
  auto flags = std::make_shared<Flags>();
  auto* gc = app.add_subcommand(
      "gc", "list (with --apply: remove) what killed runs left: half-written backups, stale locks, staged "
            "restore files (restore-temp-*) in Milvus's storage, temporary restore collections (*_mbtmp_*) in Milvus");
  gc->add_flag("--apply", flags->apply, "remove what is found; without it nothing is changed");
  gc->add_option("--older_than", flags->older_than,
                 "seconds since a half-written backup's or a staged dir's newest file was written, or since a "
                 "temporary collection was created and its restore's journal last written (default 3600)")
      ->check(CLI::NonNegativeNumber);
  gc->callback([&options, &exit_code, flags] {
    auto loaded = options.load();
    if (!loaded) {
      exit_code = report_error(loaded.error());
      return;
    }
    auto report = milvus_backup::collect_garbage(
        loaded->config,
        milvus_backup::GcOptions{.apply = flags->apply, .older_than = std::chrono::seconds(flags->older_than)});
    if (!report) {
      exit_code = report_error(report.error());
      return;
    }
    std::cout << milvus_backup::render_gc_report(*report, flags->apply);
    // The storage part is printed above; a Milvus that could not be checked still fails the run,
    // since its temporary collections may hold garbage nobody saw.
    if (report->milvus_error) {
      exit_code =
          report_error(wrap(*report->milvus_error, "gc could not check Milvus for temporary restore collections"));
    }
  });
}

}  // namespace mb::cli
