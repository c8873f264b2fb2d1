// Loading the configuration the Go tool's way: find the file, read it as the v2 or v1 schema,
// apply env vars and --set overrides (--set > env > file > default), validate, and report where
// every value came from.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "util/error.h"

namespace mb::config {

struct LoadOptions {
  std::string config_path = "backup.yaml";
  bool config_path_explicit = false;  // --config given: a missing file is an error, not a warning
  // --set KEY=VALUE, in order (the last one for a parameter wins); KEY is a config key (any case)
  // or an env var name.
  std::vector<std::string> overrides;
  // Env lookup, also used for MILVUSCONF; null reads the process environment.
  std::function<std::optional<std::string>(const std::string&)> getenv;
};

// One row of `config show`.
struct ResolvedValue {
  std::string param;       // Go field path, e.g. Milvus.Grpc.Address
  std::string key;         // v2 config key, e.g. milvus.grpc.address
  std::string value;       // secrets masked: "" stays "", up to 4 chars -> ****, else first2+****+last2
  std::string source;      // override | env | config | default
  std::string source_key;  // lower-cased key or env var the value came from; "" for a default
};

struct Loaded {
  Config config;
  std::vector<ResolvedValue> values;  // every v2 parameter, in `config show` order
  std::vector<std::string> warnings;  // unknown keys, v1 schema in use, no file found...
  std::string file_used;              // "" if none
};

// Fails with ErrorCode::kConfig listing every problem found, one per line; no message contains a
// secret's value.
Result<Loaded> load(const LoadOptions& options);

// `config show`: columns PARAMETER VALUE SOURCE SOURCE_KEY under a dashed row, aligned like Go's
// tabwriter with two spaces of padding.
std::string render_table(const std::vector<ResolvedValue>& values);

}  // namespace mb::config
