#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"
#include "cli/foreground_job.h"
#include "milvus_backup/library.h"

namespace mb::cli {
namespace {

// restic's convention: 0 the backups are whole, 1 one is damaged, 2 the check could not run.
constexpr int kCouldNotRun = 2;

}  // namespace

int report_verify(const milvus_backup::VerifyReport& report, bool json) {
  std::cout << (json ? milvus_backup::render_verify_json(report) + "\n" : milvus_backup::render_verify_text(report));
  return report.exit_code();
}

void add_verify_command(CLI::App& app, const GlobalOptions& options, int& exit_code) {
  struct Flags {
    std::string name;
    bool read_data = false;
    std::string subset;
    std::string output = "text";
    bool quiet = false;
  };
  auto flags = std::make_shared<Flags>();
  auto* verify = app.add_subcommand(
      "verify",
      "check that a backup is whole and would restore: its meta files parse and agree, every segment has binlogs "
      "for every field, every file the meta names is there with its recorded size; exit 0 whole, 1 damaged, "
      "2 could not check");
  verify->add_option("-n,--name", flags->name, "the backup to verify; without it: every backup");
  verify->add_flag("--read-data", flags->read_data,
                   "also read every file and compare its CRC32C with the backup's manifest "
                   "(meta/milvus_backup_cpp.json)");
  verify->add_option("--read-data-subset", flags->subset,
                     "with --read-data: read only N/M (the N-th of M slices; M runs with N=1..M read everything) "
                     "or P% (a random P percent) of the files");
  verify->add_option("-o,--output", flags->output, "text, or json: one record per problem (backup, key, expected, found)")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  verify->add_flag("-q,--quiet", flags->quiet, "no progress display");

  verify->callback([&options, &exit_code, flags] {
    auto could_not_run = [&](const Error& error) { exit_code = (report_error(error), kCouldNotRun); };
    milvus_backup::VerifyOptions verify_options{.read_data = flags->read_data || !flags->subset.empty()};
    if (!flags->name.empty()) verify_options.names.push_back(flags->name);
    auto subset = milvus_backup::parse_verify_subset(flags->subset);
    if (!subset) return could_not_run(subset.error());
    verify_options.subset = *subset;
    auto loaded = options.load();
    if (!loaded) return could_not_run(loaded.error());
    milvus_backup::VerifyProgress progress;
    auto report = run_in_foreground(progress, flags->quiet || !verify_options.read_data,
                                    "\ncancelling the verify (signal again to quit at once)\n",
                                    [&](const CancellationToken* cancel) {
                                      return milvus_backup::verify_backups(loaded->config, verify_options, cancel,
                                                                           &progress);
                                    });
    if (!report) return could_not_run(report.error());
    exit_code = report_verify(*report, flags->output == "json");
  });
}

}  // namespace mb::cli
