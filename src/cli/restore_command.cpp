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

void add_restore_command(CLI::App& app, const GlobalOptions& options, int& exit_code) {
  struct Flags {
    milvus_backup::RestoreOptions restore;
    LegacySelection legacy_selection;
    bool use_v2_restore = false;
    bool quiet = false;
  };
  auto flags = std::make_shared<Flags>();
  auto* restore = app.add_subcommand("restore", "restore a backup into Milvus (the one milvus.* configures)");
  restore->add_option("-n,--name", flags->restore.backup_name, "the backup to restore");
  restore->add_option("--filter", flags->restore.filter,
                      "which collections to restore, by their names after --rename/--suffix: db.*, db.coll, "
                      "coll (database default), comma-separated");
  restore->add_option("-s,--suffix", flags->restore.suffix, "append this to every restored collection's name");
  restore->add_option("-r,--rename", flags->restore.rename,
                      "new names, comma-separated from:to pairs: db1.c1:db2.c2, c1:c2, db1.*:db2.*");
  restore->add_flag("--rebuild_index", flags->restore.rebuild_index, "create the backed-up indexes");
  restore->add_flag("--use_auto_index", flags->restore.use_auto_index,
                    "with --rebuild_index: vector indexes as AUTOINDEX with the backed-up metric type");
  restore->add_flag("--meta_only", flags->restore.meta_only, "collections, partitions and indexes only, no data");
  restore->add_flag("--drop_exist_collection", flags->restore.drop_exist_collection,
                    "drop a target collection that already exists");
  restore->add_flag("--drop_exist_index", flags->restore.drop_exist_index, "drop the target's existing indexes");
  restore->add_flag("--skip_create_collection", flags->restore.skip_create_collection,
                    "import into existing collections instead of creating them");
  restore->add_flag("--allow_append", flags->restore.allow_append,
                    "with --skip_create_collection: import into a collection that already holds rows, or that this "
                    "backup was already imported into (adds the backup's rows to them); refused without it");
  restore->add_flag("--rbac", flags->restore.rbac, "restore users, roles and grants: needs Milvus 2.4+, refused");
  restore->add_flag("--use_v2_restore", flags->use_v2_restore,
                    "merge segments into REST import v2 jobs (Milvus 2.4+): not supported, refused");
  restore->add_flag("--verify", flags->restore.verify,
                    "after the import, load each restored collection and check its rows per partition against "
                    "the backup; where the backed-up collection is reachable, compare sampled rows field by field "
                    "and top-10 searches with it; fail on any difference");
  restore->add_option("--verify_source", flags->restore.verify_source,
                      "with --verify: HOST:PORT of a Milvus holding the backed-up collections to compare with "
                      "(same credentials and TLS as milvus.*); default: the target, when it still has them");
  restore->add_flag("--skip_integrity_check", flags->restore.skip_integrity_check,
                    "EMERGENCIES ONLY: do not check the backup's meta, file sizes and CRC32C before handing the "
                    "files to Milvus (a damaged file can crash Milvus's import)");
  restore->add_flag("-q,--quiet", flags->quiet, "no progress display");
  // v0.4 forms (legacy_flags.h): -c/-d/-a select by the backup's names, as the REST API's
  // collection_names/db_collections do, so they combine with --filter as those do.
  flags->legacy_selection.add_to(*restore, "-c,--collections");
  restore->add_flag("--restore_index", flags->restore.rebuild_index, "v0.4: --rebuild_index")->group(kLegacyGroup);

  restore->callback([&options, &exit_code, flags] {
    auto source_filter = flags->legacy_selection.filter();
    if (!source_filter) {
      exit_code = report_error(source_filter.error());
      return;
    }
    flags->restore.source_filter = std::move(*source_filter);
    if (flags->use_v2_restore) {
      exit_code = report_error(Error(ErrorCode::kInvalidArgument,
                                     "--use_v2_restore is not supported: this tool imports with the Import RPC "
                                     "that every Milvus from 2.3 on serves"));
      return;
    }
    auto loaded = options.load();
    if (!loaded) {
      exit_code = report_error(loaded.error());
      return;
    }
    const auto start = std::chrono::steady_clock::now();
    milvus_backup::RestoreProgress progress;
    auto restored = run_in_foreground(
        progress, flags->quiet,
        "\ncancelling the restore: stopping imports and removing its temporary files (signal again to quit at once)\n",
        [&](const CancellationToken* cancel) {
          return milvus_backup::restore_backup(loaded->config, flags->restore, cancel, &progress);
        });
    if (!restored) {
      exit_code = report_error(restored.error());
      return;
    }
    for (const auto& collection : restored->collections) {
      if (collection.verify) std::cout << collection.verify->to_string();
    }
    if (!restored->verify_passed()) {
      exit_code = report_error(Error(ErrorCode::kCorrupt, "verify failed: the restored data differs from the backup (see the MISMATCH lines)"));
      return;
    }
    std::cout << duration_line(start);
  });
}

}  // namespace mb::cli
