#include "config/config_file.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
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

// yaml-cpp's parser recurses once per nesting level, so "[[[[..." or "- - - - ..." a few
// thousand deep overflowed the stack before any check could run. This scan bounds the depth first:
// an upper bound of block levels (indentation steps, "- " and "? " openers) plus flow brackets,
// skipping comments, quoted text and block scalars. Settings are a handful of levels deep.
constexpr size_t kMaxYamlDepth = 64;
constexpr size_t kMaxConfigBytes = 8u << 20;
// Aliases let a short file name the same map many times over; this bounds the flattening.
constexpr size_t kMaxYamlNodes = 100'000;

Status check_yaml_depth(std::string_view text, const std::string& path) {
  std::vector<size_t> blocks;  // indentation of the open block levels
  size_t flow = 0;
  char quote = 0;
  constexpr size_t kNone = std::string_view::npos;
  size_t block_scalar = kNone;  // indentation of the line that opened a | or > scalar
  size_t line_no = 0;
  const auto too_deep = [&] {
    return fail(ErrorCode::kConfig,
                fmt::format("{}: line {}: nested deeper than {} levels", path, line_no, kMaxYamlDepth));
  };
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const size_t indent = std::min(line.find_first_not_of(' '), line.size());
    if (indent == line.size() || (quote == 0 && line[indent] == '#')) continue;
    if (block_scalar != kNone) {
      if (indent > block_scalar) continue;
      block_scalar = kNone;
    }
    size_t pos = indent;
    if (quote == 0 && flow == 0) {
      while (!blocks.empty() && blocks.back() >= indent) blocks.pop_back();
      blocks.push_back(indent);
      while (pos + 1 < line.size() && (line[pos] == '-' || line[pos] == '?') && line[pos + 1] == ' ') {
        pos = std::min(line.find_first_not_of(' ', pos + 1), line.size());
        blocks.push_back(pos);
      }
    }
    char last = 0;  // the last character outside quotes and comments on this line
    for (; pos < line.size(); ++pos) {
      const char c = line[pos];
      if (quote != 0) {
        if (c == '\\' && quote == '"') {
          ++pos;
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      if (c == '#' && (pos == 0 || line[pos - 1] == ' ' || line[pos - 1] == '\t')) break;
      // A quote opens a quoted scalar only where a scalar starts ("it's" is plain text).
      if ((c == '"' || c == '\'') && (last == 0 || std::string_view(":,[{-?").find(last) != std::string_view::npos)) {
        quote = c;
      } else if (c == '[' || c == '{') {
        // Checked here: the line may close them all again before its end.
        if (blocks.size() + ++flow > kMaxYamlDepth) return too_deep();
      } else if ((c == ']' || c == '}') && flow > 0) {
        --flow;
      }
      if (c != ' ' && c != '\t') last = c;
    }
    if (blocks.size() + flow > kMaxYamlDepth) return too_deep();
    // "key: |", "- >-", "key: |2+" (before any comment): the lines below that are more indented
    // are text.
    std::string_view code = line.substr(0, pos);
    code = code.substr(0, code.find_last_not_of(" \t") + 1);
    const size_t indicator = code.find_last_of("|>");
    if (quote == 0 && flow == 0 && indicator != std::string_view::npos && indicator > indent &&
        code.find_first_not_of("+-0123456789", indicator + 1) == std::string_view::npos) {
      block_scalar = indent;
    }
  }
  return {};
}

class Flattener {
 public:
  Flattener(const std::string& path, std::map<std::string, FileValue>& out) : path_(path), out_(out) {}

  Status map(const YAML::Node& node, const std::string& prefix, size_t depth = 1) {
    // An alias can name a map inside itself (&a {b: *a}) or many times over.
    if (depth > kMaxYamlDepth || nodes_ > kMaxYamlNodes) {
      return fail(ErrorCode::kConfig, path_ + ": key \"" + prefix.substr(0, 200) +
                                          "\": nested too deep or too many values (aliases that repeat a map?)");
    }
    for (auto it = node.begin(); it != node.end(); ++it) {
      const YAML::Node key_node = it->first;  // a copy: the iterator hands out a temporary
      const int line = key_node.Mark().line + 1;
      if (!key_node.IsScalar()) {
        return fail(ErrorCode::kConfig, path_ + ": line " + std::to_string(line) + ": a key must be a plain string");
      }
      std::string key = prefix.empty() ? key_node.Scalar() : prefix + "." + key_node.Scalar();
      MB_CHECK(leaf_or_map(it->second, key, line, depth));
    }
    return {};
  }

 private:
  Status leaf_or_map(const YAML::Node& node, const std::string& key, int line, size_t depth) {
    ++nodes_;
    switch (node.Type()) {
      case YAML::NodeType::Map:
        return map(node, key, depth + 1);
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
  size_t nodes_ = 0;
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

  const std::string content = text.str();
  if (content.size() > kMaxConfigBytes) {
    return fail(ErrorCode::kConfig, fmt::format("{}: {} bytes is larger than a config file may be ({} bytes)", path,
                                                content.size(), kMaxConfigBytes));
  }
  MB_CHECK(check_yaml_depth(content, path));

  ConfigFile file;
  file.path = path;
  YAML::Node root;
  try {
    root = YAML::Load(content);
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
