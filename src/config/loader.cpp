#include "config/loader.h"

#include "config/config_file.h"
#include "config/param_table.h"
#include "config/resolve.h"
#include "config/unknown_keys.h"
#include "config/v1_legacy.h"
#include "config/validate.h"
#include "config/value_text.h"

namespace mb::config {
namespace {

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

std::vector<ResolvedValue> describe(const ResolvedSet& v2) {
  std::vector<ResolvedValue> rows;
  for (size_t i = 0; i < v2.specs().size(); ++i) {
    const ParamSpec& spec = v2.specs()[i];
    const Resolved& r = v2.at_index(i);
    rows.push_back(ResolvedValue{.param = spec.name,
                                 .key = spec.key(),
                                 .value = display_value(spec, r.value),
                                 .source = std::string(to_string(r.source)),
                                 .source_key = to_lower(r.origin_key)});
  }
  return rows;
}

}  // namespace

Result<Loaded> load(const LoadOptions& options) {
  Loaded loaded;
  Sources sources;
  sources.getenv = options.getenv ? options.getenv : GetEnv(process_getenv);
  MB_TRY(overrides, parse_overrides(options.overrides));
  sources.overrides = std::move(overrides);

  LocatedFile located = locate_config_file(options.config_path, sources.getenv);
  std::optional<ConfigFile> file;
  if (!located.path.empty()) {
    MB_TRY(read, read_config_file(located.path));
    file = std::move(read);
    loaded.file_used = located.path;
  } else if (options.config_path_explicit) {
    return fail(ErrorCode::kConfig, "cannot locate config file \"" + options.config_path +
                                        "\" (tried: " + join(located.tried, ", ") + ")");
  } else {
    loaded.warnings.push_back("no config file found (tried: " + join(located.tried, ", ") +
                              "); using defaults, environment variables and --set only");
  }
  sources.file = file ? &*file : nullptr;

  MB_TRY(schema, schema_of(sources.file));
  const std::vector<ParamSpec>& specs = schema == Schema::kV2 ? v2_specs() : v1_specs();
  for (auto& w : unknown_key_warnings(schema, specs, sources.file, sources.overrides)) {
    loaded.warnings.push_back(std::move(w));
  }

  std::vector<std::string> errors;
  ResolvedSet resolved = resolve(specs, sources, errors);
  if (schema == Schema::kV1) {
    loaded.warnings.push_back(loaded.file_used +
                              " has no \"configVersion: v2\" and was read as a v1 config, translated to v2; "
                              "run `milvus-backup config migrate` to convert the file");
    resolved = translate_v1(resolved, loaded.warnings);
  }
  validate(resolved, loaded.file_used, errors);
  if (!errors.empty()) return fail(ErrorCode::kConfig, join(errors, "\n"));

  loaded.config = to_config(resolved);
  loaded.values = describe(resolved);
  return loaded;
}

}  // namespace mb::config
