#include <CLI/CLI.hpp>

#include <iostream>

#include "api/check.h"
#include "cli/commands.h"

namespace mb::cli {
namespace {

const char* outcome_label(api::CheckOutcome outcome) {
  switch (outcome) {
    case api::CheckOutcome::kPass: return "PASS";
    case api::CheckOutcome::kWarn: return "WARN";
    case api::CheckOutcome::kFail: return "FAIL";
  }
  return "?";
}

}  // namespace

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
    const auto report = api::run_check(loaded->config);
    for (const auto& line : report.lines) {
      std::cout << outcome_label(line.outcome) << "  " << line.subject << ": " << line.detail << "\n";
    }
    if (!report.milvus_version.empty()) std::cout << "\nMilvus version: " << report.milvus_version << "\n";
    if (report.passed()) {
      std::cout << "\nSuccess!\n";
      return;
    }
    std::cerr << "Error: check failed, see the FAIL lines above\n";
    exit_code = 1;
  });
}

}  // namespace mb::cli
