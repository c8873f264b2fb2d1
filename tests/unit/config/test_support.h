// Helpers for the config tests: a temporary directory for config files, load options with a
// fake environment, and lookups into a Loaded result.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "config/loader.h"

namespace mb::config::testing {

using Env = std::map<std::string, std::string>;

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes text to path()/name (creating parent folders) and returns the file's path.
  std::string write(const std::string& name, const std::string& text) const;

 private:
  std::filesystem::path path_;
};

// Changes the working directory for the lifetime of the guard.
class ScopedCwd {
 public:
  explicit ScopedCwd(const std::filesystem::path& dir);
  ~ScopedCwd();
  ScopedCwd(const ScopedCwd&) = delete;
  ScopedCwd& operator=(const ScopedCwd&) = delete;

 private:
  std::filesystem::path previous_;
};

// Options for an explicit --config path, with only `env` as the environment.
LoadOptions options(const std::string& path, std::vector<std::string> overrides = {}, Env env = {});

// Options with no config file anywhere (a default path that exists nowhere).
LoadOptions options_without_file(std::vector<std::string> overrides = {}, Env env = {});

// tests/data/config/<name>
std::string data_file(const std::string& name);
// configs/<name> of the repository
std::string repo_config(const std::string& name);

// The `config show` row of a v2 key; fails the test when absent.
const ResolvedValue& row(const Loaded& loaded, std::string_view key);

std::string all_warnings(const Loaded& loaded);

}  // namespace mb::config::testing
