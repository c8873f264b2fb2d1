#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <vector>

#include "cli/commands.h"
#include "cli/foreground_job.h"
#include "cli/removed_flags.h"
#include "milvus_backup/library.h"

namespace mb::cli {
namespace {

constexpr RemovedFlag kRemovedFlags[] = {
    {"-c,--colls", "--colls", true, "use --filter instead"},
    {"-d,--databases", "--databases", true, "use --filter instead"},
    {"-a,--database_collections", "--database_collections", true, "use --filter instead"},
    {"-f,--force", "--force", false, "use --strategy=skip_flush instead"},
    {"--meta_only", "--meta_only", false, "use --strategy=meta_only instead"},
};

}  // namespace

void add_create_command(CLI::App& app, const GlobalOptions& options, int& exit_code) {
  struct Flags {
    milvus_backup::CreateOptions create;
    bool quiet = false;
  };
  auto flags = std::make_shared<Flags>();
  auto* create = app.add_subcommand("create", "create a backup");
  create->add_option("-n,--name", flags->create.name,
                     "backup name; without it: backup_<UTC date and time>_<nanoseconds>");
  create->add_option("--filter", flags->create.filter,
                     "which collections to back up, comma-separated: db.*, db.coll, coll (database default), db.; "
                     "without it: every collection of every database");
  create->add_option("--strategy", flags->create.strategy,
                     "meta_only, skip_flush or serial_flush (flush each collection, then copy it); without it: "
                     "serial_flush. bulk_flush (FlushAll, Milvus 2.6.11+) is refused with an error");
  create->add_option("--format", flags->create.format,
                     "auto or binlog (the Go tool's binlog layout); snapshot (Milvus 3.0 bundles) is refused");
  create->add_flag("--backup_index_extra", flags->create.backup_index_extra,
                   "back up index metadata from Milvus's etcd: not supported, refused with an error");
  create->add_flag("--rbac", flags->create.rbac,
                   "back up users, roles and grants: needs Milvus 2.5+ (BackupRBAC), refused with an error");
  create->add_flag("--no_resume", flags->create.no_resume,
                   "over a half-written backup of this name that a dead run left (stale lock, no full meta), start "
                   "over instead of keeping the files it already copied");
  create->add_flag("-q,--quiet", flags->quiet, "no progress display");
  auto removed = std::make_shared<RemovedFlags>(*create, kRemovedFlags);

  create->callback([&options, &exit_code, flags, removed] {
    if (auto error = removed->used()) {
      exit_code = report_error(*error);
      return;
    }
    auto loaded = options.load();
    if (!loaded) {
      exit_code = report_error(loaded.error());
      return;
    }
    const auto start = std::chrono::steady_clock::now();
    milvus_backup::CreateProgress progress;
    auto created = run_in_foreground(
        progress, flags->quiet,
        "\ncancelling the backup: resuming Milvus GC and removing what was written (signal again to quit at once)\n",
        [&](const CancellationToken* cancel) {
          return milvus_backup::create_backup(loaded->config, flags->create, cancel, &progress);
        });
    if (!created) {
      exit_code = report_error(created.error());
      return;
    }
    std::cout << "create backup success\n" << duration_line(start);
  });
}

}  // namespace mb::cli
