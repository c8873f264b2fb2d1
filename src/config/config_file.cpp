#include "config/config_file.h"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/value_text.h"

namespace mb::config {
namespace {

// Anything readable but a directory: a pipe such as `--config <(envsubst < tpl.yaml)` counts.
bool is_config_candidate(const std::string& path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec) && !std::filesystem::is_directory(path, ec);
}

// yaml-cpp marks the node explicitly tagged !!str with the full tag, and quoted scalars with "!".
bool is_string_scalar(const YAML::Node& node) {
  return node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str";
}

class Flattener {
 public:
  Flattener(const std::string& path, std::map<std::string, FileValue>& out) : path_(path), out_(out) {}

  Status map(const YAML::Node& node, const std::string& prefix) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      const YAML::Node key_node = it->first;  // a copy: the iterator hands out a temporary
      const int line = key_node.Mark().line + 1;
      if (!key_node.IsScalar()) {
        return fail(ErrorCode::kConfig, path_ + ": line " + std::to_string(line) + ": a key must be a plain string");
      }
      std::string key = prefix.empty() ? key_node.Scalar() : prefix + "." + key_node.Scalar();
      MB_CHECK(leaf_or_map(it->second, key, line));
    }
    return {};
  }

 private:
  Status leaf_or_map(const YAML::Node& node, const std::string& key, int line) {
    switch (node.Type()) {
      case YAML::NodeType::Map:
        return map(node, key);
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        return {};
      case YAML::NodeType::Sequence: {
        FileValue value;
        value.key = key;
        value.line = line;
        value.is_list = true;
        for (const auto& item : node) {
          value.items.push_back(item.IsScalar() ? std::optional<std::string>(item.Scalar()) : std::nullopt);
        }
        return record(std::move(value));
      }
      case YAML::NodeType::Scalar: {
        FileValue value;
        value.key = key;
        value.line = line;
        value.scalar = node.Scalar();
        value.quoted = is_string_scalar(node);
        return record(std::move(value));
      }
    }
    return {};
  }

  // yaml.v3 rejects a key given twice; keys match case-insensitively here, so `Port` and `port`
  // in one map are the same setting given twice, and which one wins must not be left to chance.
  Status record(FileValue value) {
    std::string lower = to_lower(value.key);
    if (auto it = out_.find(lower); it != out_.end()) {
      return fail(ErrorCode::kConfig, path_ + ": line " + std::to_string(value.line) + ": key \"" + value.key +
                                          "\" is already set at line " + std::to_string(it->second.line));
    }
    out_.emplace(std::move(lower), std::move(value));
    return {};
  }

  const std::string& path_;
  std::map<std::string, FileValue>& out_;
};

}  // namespace

const FileValue* ConfigFile::find(std::string_view lower_key) const {
  auto it = values.find(std::string(lower_key));
  return it == values.end() ? nullptr : &it->second;
}

LocatedFile locate_config_file(const std::string& path, const GetEnv& getenv) {
  LocatedFile located;
  const std::string base = std::filesystem::path(path).filename().string();
  std::vector<std::string> candidates = {path};
  if (auto dir = getenv("MILVUSCONF"); dir && !dir->empty()) {
    candidates.push_back((std::filesystem::path(*dir) / base).string());
  }
  candidates.push_back((std::filesystem::path("configs") / base).string());
  for (const auto& candidate : candidates) {
    located.tried.push_back(candidate);
    if (is_config_candidate(candidate)) {
      located.path = candidate;
      break;
    }
  }
  return located;
}

Result<ConfigFile> read_config_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::kConfig, "read config file " + path + ": " + std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) return fail(ErrorCode::kConfig, "read config file " + path + ": " + std::strerror(errno));

  ConfigFile file;
  file.path = path;
  YAML::Node root;
  try {
    root = YAML::Load(text.str());
  } catch (const YAML::Exception& e) {
    return fail(ErrorCode::kConfig, path + ": invalid YAML at line " + std::to_string(e.mark.line + 1) +
                                        ", column " + std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
  if (root.IsNull()) return file;  // an empty file sets nothing
  if (!root.IsMap()) return fail(ErrorCode::kConfig, path + ": the top level must be a map of settings");
  try {
    MB_CHECK(Flattener(path, file.values).map(root, ""));
  } catch (const YAML::Exception& e) {
    return fail(ErrorCode::kConfig, path + ": invalid YAML at line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  return file;
}

std::optional<std::string> process_getenv(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  return value ? std::optional<std::string>(value) : std::nullopt;
}

Result<Schema> schema_of(const ConfigFile* file) {
  if (!file) return Schema::kV2;
  const FileValue* version = file->find("configversion");
  if (!version) return Schema::kV1;
  if (!version->is_list && iequals(version->scalar, "v2")) return Schema::kV2;
  if (!version->is_list && iequals(version->scalar, "v1")) return Schema::kV1;
  const std::string shown = version->is_list ? "a list" : "\"" + version->scalar + "\"";
  return fail(ErrorCode::kConfig, file->path + ": configVersion " + shown +
                                      " is not a schema version this build knows (want \"v1\" or \"v2\")");
}

}  // namespace mb::config
