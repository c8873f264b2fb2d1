// The v2 schema as a table: every parameter's key, `config show` name, environment variables,
// and the Config field it fills. Defaults are read from a default-constructed Config, so config.h
// stays the one place that states them.
#pragma once

#include <vector>

#include "config/config.h"
#include "config/param.h"

namespace mb::config {

// The v2 parameters in the Go tool's `config show` order, ours after the Go ones of each section.
// backup.storage.* inherit milvus.storage.* except rootPath, localPath, milvusAddress, milvusPort.
const std::vector<ParamSpec>& v2_specs();

// Writes a resolved and validated v2 set (enums already in canonical spelling) into a Config.
Config to_config(const ResolvedSet& v2);

}  // namespace mb::config
