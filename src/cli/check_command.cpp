#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"
#include "milvus_backup/library.h"

namespace mb::cli {

void add_check_command(CLI::App& app, const GlobalOptions& options, int& exit_code) {
  auto* check = app.add_subcommand(
      "check", "check that Milvus and both storages are reachable and writable with this configuration");
  check->callback([&options, &exit_code] {
    auto loaded = options.load();
    if (!loaded) {
      exit_code = report_error(loaded.error());
      return;
    }
    std::cout << "Configuration:\n" << config::render_table(loaded->values) << "\n";
    const auto report = milvus_backup::run_check(loaded->config);
    std::cout << milvus_backup::render_check_report(report);
    if (!report.passed()) {
      std::cerr << "Error: check failed, see the FAIL lines above\n";
      exit_code = 1;
    }
  });
}

}  // namespace mb::cli
