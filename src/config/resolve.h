// Resolving a table of parameters against the inputs: --set > env > config file > default.
#pragma once

#include <string>
#include <vector>

#include "config/config_file.h"
#include "config/param.h"
#include "util/error.h"

namespace mb::config {

struct Override {
  std::string key;  // as typed: a config key (any case) or an env var name
  std::string value;
};

// Splits each "KEY=VALUE" at its first '='. An item without '=' is an error that does not quote
// the item, since it may be a mistyped secret.
Result<std::vector<Override>> parse_overrides(const std::vector<std::string>& raw);

struct Sources {
  std::vector<Override> overrides;  // in command-line order; the last one for a parameter wins
  GetEnv getenv;
  const ConfigFile* file = nullptr;  // null when running without a file
};

// Resolves every spec in table order, so a spec's `inherits` must name an earlier one. A value
// that does not parse adds an error naming where it came from and the key, and leaves the default.
ResolvedSet resolve(std::vector<ParamSpec> specs, const Sources& sources, std::vector<std::string>& errors);

// The text `config show` prints for a value: lists joined with ",", secrets masked.
std::string display_value(const ParamSpec& spec, const ParamValue& value);

}  // namespace mb::config
