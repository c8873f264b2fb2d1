#include "cli/app.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"
#include "util/log.h"

namespace mb::cli {

int report_error(const Error& error) {
  std::cerr << "Error: " << error.to_string() << "\n";
  return 1;
}

int run(int argc, char** argv) {
  // Until the config names a level, log to stderr at info: stdout carries results only.
  mb::log::init("info");

  CLI::App app{"milvus-backup: back up and restore Milvus collections", "milvus-backup"};
  app.set_version_flag("--version", std::string("milvus-backup ") + MB_VERSION);
  app.require_subcommand(1);

  GlobalOptions options;
  add_global_options(app, options);

  int exit_code = 0;
  add_check_command(app, options, exit_code);
  add_config_command(app, options, exit_code);
  add_create_command(app, options, exit_code);
  add_list_command(app, options, exit_code);
  add_get_command(app, options, exit_code);
  add_delete_command(app, options, exit_code);
  add_restore_command(app, options, exit_code);
  add_verify_command(app, options, exit_code);
  add_gc_command(app, options, exit_code);
  add_server_command(app, options, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}

}  // namespace mb::cli
