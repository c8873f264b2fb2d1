// Flags every command takes (`--config`, `--set`) and turning them into a resolved Config.
#pragma once

#include <string>
#include <vector>

#include "config/loader.h"
#include "util/error.h"

namespace CLI {
class App;
}

namespace mb::cli {

struct GlobalOptions {
  std::string config_path = "backup.yaml";
  std::vector<std::string> overrides;  // as given to --set, each possibly "a=1,b=2"
  bool config_given = false;           // --config was on the command line

  // What --config and --set ask the loader for.
  config::LoadOptions load_options() const;
  // Loads the config, sets up logging from it and prints its warnings to stderr.
  Result<config::Loaded> load() const;
};

void add_global_options(CLI::App& app, GlobalOptions& options);

// The Go tool splits `--set a=1,b=2` at commas. We do the same when every piece is an assignment,
// and keep the value whole otherwise, so `--set milvus.etcd.endpoints=a:2379,b:2379` works.
std::vector<std::string> split_overrides(const std::vector<std::string>& raw);

}  // namespace mb::cli
