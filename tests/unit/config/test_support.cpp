#include "test_support.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

namespace mb::config::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "mb-config-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& name, const std::string& text) const {
  std::filesystem::path file = path_ / name;
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file) << text;
  return file.string();
}

ScopedCwd::ScopedCwd(const std::filesystem::path& dir) : previous_(std::filesystem::current_path()) {
  std::filesystem::current_path(dir);
}

ScopedCwd::~ScopedCwd() {
  std::error_code ec;
  std::filesystem::current_path(previous_, ec);
}

LoadOptions options(const std::string& path, std::vector<std::string> overrides, Env env) {
  LoadOptions o;
  o.config_path = path;
  o.config_path_explicit = true;
  o.overrides = std::move(overrides);
  o.getenv = [env = std::move(env)](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  return o;
}

LoadOptions options_without_file(std::vector<std::string> overrides, Env env) {
  LoadOptions o = options("mb-config-test-no-such-file.yaml", std::move(overrides), std::move(env));
  o.config_path_explicit = false;
  return o;
}

std::string data_file(const std::string& name) { return std::string(MB_TEST_DATA_DIR) + "/config/" + name; }

std::string repo_config(const std::string& name) {
  return (std::filesystem::path(MB_TEST_DATA_DIR) / ".." / ".." / "configs" / name).lexically_normal().string();
}

const ResolvedValue& row(const Loaded& loaded, std::string_view key) {
  for (const auto& v : loaded.values) {
    if (v.key == key) return v;
  }
  ADD_FAILURE() << "no row for " << key;
  static const ResolvedValue kMissing;
  return kMissing;
}

std::string all_warnings(const Loaded& loaded) {
  std::string out;
  for (const auto& w : loaded.warnings) out += w + "\n";
  return out;
}

}  // namespace mb::config::testing
