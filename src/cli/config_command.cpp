#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"

namespace mb::cli {

void add_config_command(CLI::App& app, const GlobalOptions& options, int& exit_code) {
  auto* config = app.add_subcommand("config", "show the resolved configuration");
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
}

}  // namespace mb::cli
