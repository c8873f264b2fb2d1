// The v1 schema, read from files without `configVersion: v2`: its keys, env vars and defaults,
// its translation into the v2 parameters the program runs on, and what replaced each v1 name.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/param.h"

namespace mb::config {

// The v1 parameters (v1 keys, v1 env names, v1 defaults and v1 inheritance of the backup side),
// followed by our own v2 keys, which have no v1 spelling and are read under their v2 keys.
const std::vector<ParamSpec>& v1_specs();

// A v1 parameter whose value the translation carried to, or computed a v2 parameter from.
struct V1Mapping {
  std::string v1_key;  // the v1 parameter's first key
  std::string v2_key;
};

struct V1Translation {
  ResolvedSet v2;
  // Every v2 parameter the v1 parameters decided, each with the v1 ones it came from, in the order
  // translated. A v2 parameter not listed here has no v1 counterpart and holds its v2 default.
  std::vector<V1Mapping> mappings;
};

// Maps a resolved v1 set onto the v2 parameters, keeping each value's source and the v1 key or env
// var it came from, so `config show` and error messages name what the user actually wrote.
// Appends a warning for each v1 setting the translation had to change.
V1Translation translate_v1_with_mappings(const ResolvedSet& v1, std::vector<std::string>& warnings);

// translate_v1_with_mappings for the loader, which needs only the values.
ResolvedSet translate_v1(const ResolvedSet& v1, std::vector<std::string>& warnings);

// What replaced a v1 config key or env var name (any case) in v2: nullopt when `name` is not a
// v1 name, "" when it was removed outright.
std::optional<std::string> v2_replacement(std::string_view name);

}  // namespace mb::config
