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

// Maps a resolved v1 set onto the v2 parameters, keeping each value's source and the v1 key or env
// var it came from, so `config show` and error messages name what the user actually wrote.
// Appends a warning for each v1 setting the translation had to change.
ResolvedSet translate_v1(const ResolvedSet& v1, std::vector<std::string>& warnings);

// What replaced a v1 config key or env var name (any case) in v2: nullopt when `name` is not a
// v1 name, "" when it was removed outright.
std::optional<std::string> v2_replacement(std::string_view name);

}  // namespace mb::config
