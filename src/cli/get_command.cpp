#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"
#include "milvus_backup/library.h"

namespace mb::cli {

void add_get_command(CLI::App& app, const GlobalOptions& options, int& exit_code) {
  struct Flags {
    std::string name;
    bool detail = false;
  };
  auto flags = std::make_shared<Flags>();
  auto* get = app.add_subcommand("get", "get a backup by name");
  get->add_option("-n,--name", flags->name, "get backup with this name");
  get->add_flag("-d,--detail", flags->detail,
                "print the whole backup meta (full_meta.json: partitions, segments and their files) instead of "
                "the summary");
  get->callback([&options, &exit_code, flags] {
    if (flags->name.empty()) {
      exit_code = report_error(Error(ErrorCode::kInvalidArgument, "backup name is required"));
      return;
    }
    auto loaded = options.load();
    if (!loaded) {
      exit_code = report_error(loaded.error());
      return;
    }
    auto details = milvus_backup::get_backup(loaded->config, flags->name);
    if (!details) {
      exit_code = report_error(details.error());
      return;
    }
    auto json = milvus_backup::backup_info_json(*details, flags->detail);
    if (!json) {
      exit_code = report_error(json.error());
      return;
    }
    std::cout << *json << "\n";
  });
}

}  // namespace mb::cli
