#include "cli/global_options.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "util/log.h"

namespace mb::cli {

void add_global_options(CLI::App& app, GlobalOptions& options) {
  app.add_option_function<std::string>(
         "--config",
         [&options](const std::string& path) {
           options.config_path = path;
           options.config_given = true;
         },
                 "config YAML (v2 or v1 schema); looked up as given, in $MILVUSCONF, then in ./configs/")
      ->default_str(options.config_path);
  app.add_option("--set", options.overrides,
                 "override a config value: KEY=VALUE, KEY a config key or its environment variable name "
                 "(repeatable; comma-separated pairs allowed)");
}

std::vector<std::string> split_overrides(const std::vector<std::string>& raw) {
  std::vector<std::string> out;
  for (const auto& item : raw) {
    std::vector<std::string> pieces;
    size_t start = 0;
    while (true) {
      size_t comma = item.find(',', start);
      pieces.push_back(item.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    bool all_assignments = true;
    for (const auto& piece : pieces) all_assignments = all_assignments && piece.find('=') != std::string::npos;
    if (all_assignments) {
      out.insert(out.end(), pieces.begin(), pieces.end());
    } else {
      out.push_back(item);
    }
  }
  return out;
}

config::LoadOptions GlobalOptions::load_options() const {
  config::LoadOptions options;
  options.config_path = config_path;
  options.config_path_explicit = config_given;
  options.overrides = split_overrides(overrides);
  return options;
}

Result<config::Loaded> GlobalOptions::load() const {
  auto loaded = config::load(load_options());
  if (!loaded) return loaded;
  mb::log::init(loaded->config.log.level, loaded->config.log.file_path);
  for (const auto& warning : loaded->warnings) spdlog::warn("config: {}", warning);
  return loaded;
}

}  // namespace mb::cli
