// Validation of a resolved v2 configuration: the Go tool's rules (enums, ports, endpoints, which
// credentials each provider and auth type takes) plus ours, every problem collected at once.
#pragma once

#include <string>
#include <vector>

#include "config/param.h"

namespace mb::config {

// Appends one message per problem to errors, each naming where the value came from (the file,
// `--set` or `env`) and its key, never a secret's value. Rewrites enum values to their canonical
// spelling ("SharedKey" -> "sharedKey"). file is the config file read, "" for none.
void validate(ResolvedSet& v2, const std::string& file, std::vector<std::string>& errors);

}  // namespace mb::config
