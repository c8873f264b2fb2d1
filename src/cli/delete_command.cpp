#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"
#include "milvus_backup/library.h"

namespace mb::cli {

void add_delete_command(CLI::App& app, const GlobalOptions& options, int& exit_code) {
  auto name = std::make_shared<std::string>();
  auto* del = app.add_subcommand("delete", "delete a backup by name, also one a failed run left without meta");
  del->add_option("-n,--name", *name, "delete backup with this name");
  del->callback([&options, &exit_code, name] {
    if (name->empty()) {
      exit_code = report_error(Error(ErrorCode::kInvalidArgument, "backup name is required"));
      return;
    }
    auto loaded = options.load();
    if (!loaded) {
      exit_code = report_error(loaded.error());
      return;
    }
    auto deleted = milvus_backup::delete_backup(loaded->config, *name);
    if (!deleted) {
      exit_code = report_error(deleted.error());
      return;
    }
    std::cout << "delete backup done\n";
  });
}

}  // namespace mb::cli
