// Warnings for config file keys and --set keys the schema in use does not declare. Like the Go
// tool, an unknown or outdated key is reported and ignored, never fatal: a stray key must not stop
// a backup.
#pragma once

#include <string>
#include <vector>

#include "config/config_file.h"
#include "config/param.h"
#include "config/resolve.h"

namespace mb::config {

// One warning per unknown key, naming it (and, for a v1 key in a v2 file, what replaced it),
// never its value.
std::vector<std::string> unknown_key_warnings(Schema schema, const std::vector<ParamSpec>& specs,
                                              const ConfigFile* file, const std::vector<Override>& overrides);

}  // namespace mb::config
