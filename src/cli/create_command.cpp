#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <vector>

#include "cli/commands.h"
#include "cli/foreground_job.h"
#include "cli/legacy_flags.h"
#include "milvus_backup/library.h"

namespace mb::cli {
namespace {

struct LegacyCreate {
  LegacySelection selection;
  bool force = false;
  bool meta_only = false;
};

// The v0.4 forms as the options that replaced them (legacy_flags.h).
Status apply_legacy(const LegacyCreate& legacy, milvus_backup::CreateOptions& create) {
  if (legacy.selection.given()) {
    if (!create.filter.empty()) {
      return fail(ErrorCode::kInvalidArgument, "-c/-d/-a (v0.4) and --filter both select collections: use --filter");
    }
    MB_TRY(filter, legacy.selection.filter());
    create.filter = std::move(filter);
  }
  if (legacy.force || legacy.meta_only) {
    if (!create.strategy.empty()) {
      return fail(ErrorCode::kInvalidArgument, "-f/--force and --meta_only (v0.4) choose the strategy: use --strategy");
    }
    // v0.4 copies no data with --meta_only, so its flush would not matter.
    create.strategy = legacy.meta_only ? "meta_only" : "skip_flush";
  }
  return {};
}

}  // namespace

void add_create_command(CLI::App& app, const GlobalOptions& options, int& exit_code) {
  struct Flags {
    milvus_backup::CreateOptions create;
    LegacyCreate legacy;
    bool verify = false;
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
  create->add_flag("--verify", flags->verify,
                   "after the meta is written, verify the new backup: structure, and every file read back and "
                   "compared with its CRC32C (verify --read-data); exit 1 when it is damaged");
  create->add_flag("--no_resume", flags->create.no_resume,
                   "over a half-written backup of this name that a dead run left (stale lock, no full meta), start "
                   "over instead of keeping the files it already copied");
  create->add_flag("-q,--quiet", flags->quiet, "no progress display");
  flags->legacy.selection.add_to(*create, "-c,--colls");
  create->add_flag("-f,--force", flags->legacy.force, "v0.4: skip the flush; use --strategy skip_flush")
      ->group(kLegacyGroup);
  create->add_flag("--meta_only", flags->legacy.meta_only, "v0.4: no data; use --strategy meta_only")
      ->group(kLegacyGroup);

  create->callback([&options, &exit_code, flags] {
    if (auto legacy = apply_legacy(flags->legacy, flags->create); !legacy) {
      exit_code = report_error(legacy.error());
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
    std::cout << "create backup success\n";
    if (flags->verify) {
      milvus_backup::VerifyProgress verify_progress;
      const milvus_backup::VerifyOptions verify_options{.names = {created->name}, .read_data = true};
      auto report = run_in_foreground(verify_progress, flags->quiet, "\ncancelling the verify\n",
                                      [&](const CancellationToken* cancel) {
                                        return milvus_backup::verify_backups(loaded->config, verify_options, cancel,
                                                                             &verify_progress);
                                      });
      if (!report) {
        exit_code = report_error(report.error());
        return;
      }
      exit_code = report_verify(*report, false);
      if (exit_code != 0) return;
    }
    std::cout << duration_line(start);
  });
}

}  // namespace mb::cli
