#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "config/v1_migrate.h"

namespace mb::cli {
namespace {

struct MigrateFlags {
  std::string output;  // "" or "-": stdout
  bool force = false;
  bool strict = false;
};

void add_migrate_command(CLI::App& config, const GlobalOptions& options, int& exit_code) {
  auto flags = std::make_shared<MigrateFlags>();
  auto* migrate = config.add_subcommand(
      "migrate", "rewrite the v1 config file (--config) as v2: YAML on stdout or to -o, a report on stderr");
  migrate->add_option("-o,--output", flags->output, "write the v2 config to this file (default and \"-\": stdout)");
  migrate->add_flag("--force", flags->force, "overwrite the --output file if it exists");
  migrate->add_flag("--strict", flags->strict, "fail if the result is not a valid v2 config");
  migrate->callback([&options, &exit_code, flags] {
    auto migration = config::migrate_v1({.input = options.load_options(), .strict = flags->strict});
    if (!migration) {
      exit_code = report_error(migration.error());
      return;
    }
    const bool to_stdout = flags->output.empty() || flags->output == "-";
    if (to_stdout) {
      std::cout << migration->yaml << std::flush;
    } else if (auto written = config::write_migrated_config(flags->output, migration->yaml, flags->force); !written) {
      exit_code = report_error(written.error());
      return;
    }
    std::cerr << config::render_report(*migration);
    if (!to_stdout) std::cerr << "wrote v2 config to " << flags->output << "\n";
  });
}

}  // namespace

void add_config_command(CLI::App& app, const GlobalOptions& options, int& exit_code) {
  auto* config = app.add_subcommand("config", "show the resolved configuration, or migrate a v1 config file to v2");
  config->require_subcommand(1);
  auto* show = config->add_subcommand(
      "show", "print every parameter with its value (secrets masked) and where it came from");
  show->callback([&options, &exit_code] {
    auto loaded = options.load();
    if (!loaded) {
      exit_code = report_error(loaded.error());
      return;
    }
    if (!loaded->file_used.empty()) std::cout << "config file: " << loaded->file_used << "\n";
    std::cout << config::render_table(loaded->values);
  });
  add_migrate_command(*config, options, exit_code);
}

}  // namespace mb::cli
