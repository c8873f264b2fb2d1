#include "config/unknown_keys.h"

#include <set>

#include "config/param_table.h"
#include "config/v1_legacy.h"
#include "config/value_text.h"

namespace mb::config {
namespace {

std::set<std::string> lower_keys(const std::vector<ParamSpec>& specs) {
  std::set<std::string> keys;
  for (const auto& spec : specs) {
    for (const auto& key : spec.keys) keys.insert(to_lower(key));
  }
  return keys;
}

std::set<std::string> lower_env_names(const std::vector<ParamSpec>& specs) {
  std::set<std::string> names;
  for (const auto& spec : specs) {
    for (const auto& name : spec.env) names.insert(to_lower(name));
  }
  return names;
}

// `what` names the key and where it was given, e.g. `backup.yaml: line 7: key "minio.port"`.
std::string warning(Schema schema, const std::string& what, const std::string& key) {
  if (schema == Schema::kV2) {
    if (auto replacement = v2_replacement(key)) {
      if (replacement->empty()) return what + " is a v1 setting removed in v2; ignoring it";
      return what + " is a v1 setting not read from a v2 config; ignoring it, use " + *replacement + " instead";
    }
  } else if (lower_keys(v2_specs()).contains(to_lower(key))) {
    return what + " is a v2 key, but without \"configVersion: v2\" the file is read as v1; ignoring it";
  }
  return what + " is not a known setting; ignoring it";
}

}  // namespace

std::vector<std::string> unknown_key_warnings(Schema schema, const std::vector<ParamSpec>& specs,
                                              const ConfigFile* file, const std::vector<Override>& overrides) {
  std::vector<std::string> warnings;
  const std::set<std::string> keys = lower_keys(specs);
  if (file) {
    for (const auto& [lower, value] : file->values) {
      if (lower == "configversion" || keys.contains(lower)) continue;
      warnings.push_back(warning(schema,
                                 file->path + ": line " + std::to_string(value.line) + ": key \"" + value.key + "\"",
                                 value.key));
    }
  }
  // A --set key may name the parameter by its config key or by its env var.
  const std::set<std::string> env_names = lower_env_names(specs);
  for (const auto& o : overrides) {
    const std::string lower = to_lower(o.key);
    if (keys.contains(lower) || env_names.contains(lower)) continue;
    warnings.push_back(warning(schema, "--set key \"" + o.key + "\"", o.key));
  }
  return warnings;
}

}  // namespace mb::config
