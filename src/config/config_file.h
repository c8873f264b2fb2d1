// The config file: finding it (as given, $MILVUSCONF, ./configs) and reading its YAML into
// dotted lower-case keys, the form every schema version is resolved from.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace mb::config {

using GetEnv = std::function<std::optional<std::string>(const std::string&)>;

// One leaf of the file. Null leaves (`key:`, `key: ~`) are not recorded: the Go tool treats them
// as absent, so the setting keeps its default.
struct FileValue {
  std::string key;  // dotted, as spelled in the file (for messages)
  int line = 0;     // 1-based line of the key
  bool is_list = false;
  std::string scalar;  // the text of a scalar leaf
  // A quoted or !!str-tagged scalar is a string to YAML, never a number or a bool.
  bool quoted = false;
  // The items of a list leaf; nullopt for an item that is null or not a scalar.
  std::vector<std::optional<std::string>> items;
};

struct ConfigFile {
  std::string path;
  std::map<std::string, FileValue> values;  // keyed by the lower-cased dotted key

  const FileValue* find(std::string_view lower_key) const;
};

struct LocatedFile {
  std::string path;                // "" when no candidate exists
  std::vector<std::string> tried;  // every candidate, in the order looked at
};

// The Go tool's lookup: the path as given if it exists, else $MILVUSCONF/<basename>, else
// ./configs/<basename>.
LocatedFile locate_config_file(const std::string& path, const GetEnv& getenv);

// Reads and flattens the file. Errors name the file, and the line for bad YAML.
Result<ConfigFile> read_config_file(const std::string& path);

enum class Schema { kV1, kV2 };

// The file's `configVersion`: v2 (any case) is v2; v1 or no key dates the file to v1; no file at
// all means env and --set only, which name v2 parameters. Any other value is an error.
Result<Schema> schema_of(const ConfigFile* file);

// The process environment: the GetEnv used when none is given.
std::optional<std::string> process_getenv(const std::string& name);

}  // namespace mb::config
