#include "config/v1_migrate.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include "config/config_file.h"
#include "config/param_table.h"
#include "config/resolve.h"
#include "config/unknown_keys.h"
#include "config/v1_legacy.h"
#include "config/validate.h"
#include "config/value_text.h"
#include "util/atomic_file.h"

namespace mb::config {
namespace {

// Keys are constants of this module's own tables, as in ResolvedSet::at.
const ParamSpec& spec_of(const ResolvedSet& set, std::string_view key) {
  const auto& specs = set.specs();
  auto it = std::find_if(specs.begin(), specs.end(), [key](const ParamSpec& spec) { return spec.key() == key; });
  if (it == specs.end()) throw std::out_of_range("config: no parameter " + std::string(key));
  return *it;
}

// The env and --set spelling of a value, which resolve() parses back to the same value.
std::string text_of(const ParamValue& value) {
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  if (const auto* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
  if (const auto* i = std::get_if<int64_t>(&value)) return std::to_string(*i);
  return fmt::format("{}", fmt::join(std::get<std::vector<std::string>>(value), ","));
}

// A value as the config file reader records it from the YAML this module writes.
FileValue file_value_of(const std::string& key, const ParamValue& value) {
  FileValue file_value;
  file_value.key = key;
  if (const auto* list = std::get_if<std::vector<std::string>>(&value)) {
    file_value.is_list = true;
    file_value.items.assign(list->begin(), list->end());
  } else {
    file_value.scalar = text_of(value);
    file_value.quoted = std::holds_alternative<std::string>(value);  // strings are written double-quoted
  }
  return file_value;
}

// The written keys as nested YAML maps, each map's keys in the order first written.
struct YamlNode {
  std::string name;
  const ParamValue* value = nullptr;  // a leaf's; null for a map
  std::vector<YamlNode> children;
};

void insert(YamlNode& root, std::string_view dotted_key, const ParamValue& value) {
  YamlNode* node = &root;
  size_t start = 0;
  while (true) {
    const size_t dot = dotted_key.find('.', start);
    const std::string_view name = dotted_key.substr(start, dot == std::string_view::npos ? dot : dot - start);
    auto child = std::find_if(node->children.begin(), node->children.end(),
                              [name](const YamlNode& n) { return n.name == name; });
    if (child == node->children.end()) {
      node->children.push_back(YamlNode{.name = std::string(name), .value = nullptr, .children = {}});
      child = std::prev(node->children.end());
    }
    node = &*child;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  node->value = &value;
}

void emit_value(YAML::Emitter& out, const ParamValue& value) {
  // Strings are quoted so none reads back as a number, a bool or null.
  if (const auto* s = std::get_if<std::string>(&value)) {
    out << YAML::DoubleQuoted << *s;
  } else if (const auto* b = std::get_if<bool>(&value)) {
    out << *b;
  } else if (const auto* i = std::get_if<int64_t>(&value)) {
    out << *i;
  } else {
    out << YAML::BeginSeq;
    for (const auto& item : std::get<std::vector<std::string>>(value)) out << YAML::DoubleQuoted << item;
    out << YAML::EndSeq;
  }
}

void emit_children(YAML::Emitter& out, const YamlNode& node) {
  for (const auto& child : node.children) {
    out << YAML::Key << child.name << YAML::Value;
    if (child.value) {
      emit_value(out, *child.value);
    } else {
      out << YAML::BeginMap;
      emit_children(out, child);
      out << YAML::EndMap;
    }
  }
}

std::string where_given(const Resolved& r) {
  switch (r.source) {
    case Source::kOverride: return "--set " + r.origin_key;
    case Source::kEnv: return "env " + r.origin_key;
    case Source::kConfig:
    case Source::kDefault: break;
  }
  return r.origin_key;
}

// Decides where each v2 setting the v1 config decided goes (the file, or the environment it
// already comes from) so that loading the result gives the translated values, and writes the YAML.
class Planner {
 public:
  Planner(const ResolvedSet& v1, const V1Translation& translation, std::string label, MigrationReport& report)
      : v1_(v1), translation_(translation), label_(std::move(label)), report_(report) {
    for (const auto& m : translation_.mappings) v1_keys_of_[m.v2_key].push_back(m.v1_key);
  }

  // Places every value the v1 config gave, then writes out each other translated value that v2
  // would resolve differently without it (v1 and v2 defaults and inheritance differ, e.g. v1's
  // backup root path follows minio.rootPath). Returns the v2 set the result loads to.
  Result<ResolvedSet> run() {
    const std::vector<ParamSpec>& specs = translation_.v2.specs();
    for (size_t i = 0; i < specs.size(); ++i) {
      if (decided_by_v1(specs[i].key()) && translation_.v2.at_index(i).source != Source::kDefault) {
        place(specs[i].key(), /*given_by_v1=*/true);
      }
    }
    // Writing a value out can change what later parameters inherit, hence the rounds.
    while (true) {
      MB_TRY(loaded, load_result());
      bool placed_more = false;
      for (size_t i = 0; i < specs.size(); ++i) {
        const std::string& key = specs[i].key();
        if (decided_by_v1(key) && !placed_.contains(key) &&
            loaded.at_index(i).value != translation_.v2.at_index(i).value) {
          place(key, /*given_by_v1=*/false);
          placed_more = true;
        }
      }
      if (!placed_more) return loaded;
    }
  }

  std::string yaml(const std::string& source_file) const {
    YAML::Emitter out;
    std::string header =
        fmt::format("v2 config migrated from the v1 config {} by `milvus-backup config migrate`.\n"
                    "Only the values the v1 config decided are written; the rest take their v2 defaults.",
                    source_file);
    if (!left_to_env_.empty()) {
      header += "\nRead from environment variables, so not written here:";
      for (const auto& line : left_to_env_) header += "\n  " + line;
    }
    out << YAML::Comment(header) << YAML::Newline;
    out << YAML::BeginMap << YAML::Key << "configVersion" << YAML::Value << "v2";
    YamlNode root;
    for (const auto& spec : translation_.v2.specs()) {
      if (auto it = file_.find(spec.key()); it != file_.end()) insert(root, spec.key(), it->second);
    }
    emit_children(out, root);
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
  }

 private:
  bool decided_by_v1(const std::string& v2_key) const { return v1_keys_of_.contains(v2_key); }

  // The v1 parameter a translated value came from; for one left at its v1 default, the parameter it
  // inherited from (the backup side's from the Milvus side's).
  std::string origin_v1_key(const std::string& v2_key) const {
    std::string v1_key = v1_keys_of_.at(v2_key).front();
    while (v1_.at(v1_key).source == Source::kDefault && !spec_of(v1_, v1_key).inherits.empty()) {
      v1_key = spec_of(v1_, v1_key).inherits;
    }
    return v1_key;
  }

  // Where a translated value came from, through v1 inheritance, so a secret v1 read from an env var
  // stays out of the file on the backup side too.
  const Resolved& origin(const std::string& v2_key) const {
    const Resolved& translated = translation_.v2.at(v2_key);
    return translated.source != Source::kDefault ? translated : v1_.at(origin_v1_key(v2_key));
  }

  bool is_secret(const std::string& v2_key) const {
    if (spec_of(translation_.v2, v2_key).secret) return true;
    const auto& v1_keys = v1_keys_of_.at(v2_key);
    return std::any_of(v1_keys.begin(), v1_keys.end(),
                       [this](const std::string& v1_key) { return spec_of(v1_, v1_key).secret; });
  }

  void place(const std::string& v2_key, bool given_by_v1) {
    placed_.insert(v2_key);
    const Resolved& translated = translation_.v2.at(v2_key);
    const Resolved& from = origin(v2_key);
    const std::vector<std::string>& v2_env = spec_of(translation_.v2, v2_key).env;
    if (from.source == Source::kEnv) {
      if (std::find(v2_env.begin(), v2_env.end(), from.origin_key) != v2_env.end()) {
        leave_to_env(v2_key, from.origin_key, translated.value);
        report_.notes.push_back(
            fmt::format("{}: v2 reads {} too; left to the environment, not written", v2_key, from.origin_key));
        return;
      }
      if (is_secret(v2_key) && !v2_env.empty()) {
        leave_to_env(v2_key, v2_env.front(), translated.value);
        report_.notes.push_back(fmt::format("{}: v1 read this secret from {}; not written to the file, set {} instead",
                                            v2_key, from.origin_key, v2_env.front()));
        return;
      }
      report_.notes.push_back(
          fmt::format("{}: v1 read it from {}, which v2 does not read; written to the file", v2_key, from.origin_key));
    } else if (!given_by_v1) {
      report_.notes.push_back(fmt::format("{}: written out to keep the value v1 took from {}, which v2 would not",
                                          v2_key, origin_v1_key(v2_key)));
    }
    file_.emplace(v2_key, translated.value);
  }

  void leave_to_env(const std::string& v2_key, const std::string& env_name, const ParamValue& value) {
    env_[env_name] = text_of(value);
    left_to_env_.push_back(fmt::format("{}: env {}", v2_key, env_name));
  }

  // What loading the planned file gives, with the env vars it relies on set as planned.
  Result<ResolvedSet> load_result() const {
    ConfigFile file;
    file.path = label_;
    for (const auto& [key, value] : file_) file.values.emplace(to_lower(key), file_value_of(key, value));
    Sources sources;
    sources.getenv = [this](const std::string& name) -> std::optional<std::string> {
      auto it = env_.find(name);
      return it == env_.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    sources.file = &file;
    std::vector<std::string> errors;
    ResolvedSet loaded = resolve(v2_specs(), sources, errors);
    if (!errors.empty()) {
      return fail(ErrorCode::kInternal,
                  fmt::format("the migrated config does not read back: {}", fmt::join(errors, "; ")));
    }
    return loaded;
  }

  const ResolvedSet& v1_;
  const V1Translation& translation_;
  const std::string label_;
  MigrationReport& report_;
  std::map<std::string, std::vector<std::string>> v1_keys_of_;  // v2 key -> the v1 keys that decided it
  std::set<std::string> placed_;
  std::map<std::string, ParamValue> file_;  // v2 key -> value written
  std::map<std::string, std::string> env_;  // env var the result relies on -> its value
  std::vector<std::string> left_to_env_;    // "v2 key: env NAME", for the file's comment
};

Status refuse_non_v1(const ConfigFile& file) {
  MB_TRY(schema, schema_of(&file));
  if (schema == Schema::kV1) return {};
  return fail(ErrorCode::kConfig,
              fmt::format("{} is already a v2 config (configVersion: v2); there is nothing to migrate", file.path));
}

// Each v1 setting given, with the v2 keys it went to, or why it went nowhere.
void report_v1_settings(const ResolvedSet& v1, const V1Translation& translation, MigrationReport& report) {
  for (size_t i = 0; i < v1.specs().size(); ++i) {
    const Resolved& given = v1.at_index(i);
    if (given.source == Source::kDefault) continue;
    const std::string& v1_key = v1.specs()[i].key();
    std::vector<std::string> v2_keys;
    for (const auto& m : translation.mappings) {
      if (m.v1_key == v1_key && std::find(v2_keys.begin(), v2_keys.end(), m.v2_key) == v2_keys.end()) {
        v2_keys.push_back(m.v2_key);
      }
    }
    if (!v2_keys.empty()) {
      report.mapped.push_back(fmt::format("{} -> {}", where_given(given), fmt::join(v2_keys, ", ")));
    } else if (v2_replacement(v1_key) == "") {
      report.not_carried.push_back(fmt::format("{}: removed in v2", where_given(given)));
    } else {
      report.not_carried.push_back(fmt::format(
          "{}: not used with the storage provider and auth type this config chose; not written", where_given(given)));
    }
  }
}

void report_v1_env(const GetEnv& getenv, MigrationReport& report) {
  std::set<std::string> seen;
  for (const auto& spec : v1_specs()) {
    for (const auto& name : spec.env) {
      if (!seen.insert(name).second || !getenv(name)) continue;
      if (auto replacement = v2_replacement(name)) report.environment.push_back(name + " -> " + *replacement);
    }
  }
}

}  // namespace

Result<Migration> migrate_v1(const MigrateOptions& options) {
  const LoadOptions& input = options.input;
  const GetEnv getenv = input.getenv ? input.getenv : GetEnv(process_getenv);
  MB_TRY(overrides, parse_overrides(input.overrides));
  LocatedFile located = locate_config_file(input.config_path, getenv);
  if (located.path.empty()) {
    return fail(ErrorCode::kConfig, fmt::format("cannot locate config file \"{}\" (tried: {}); nothing to migrate",
                                                input.config_path, fmt::join(located.tried, ", ")));
  }
  MB_TRY(file, read_config_file(located.path));
  MB_CHECK(refuse_non_v1(file));

  Migration migration;
  migration.source_file = located.path;
  MigrationReport& report = migration.report;
  std::vector<std::string> errors;
  const ResolvedSet v1 = resolve(v1_specs(), Sources{.overrides = overrides, .getenv = getenv, .file = &file}, errors);
  if (!errors.empty()) return fail(ErrorCode::kConfig, fmt::format("{}", fmt::join(errors, "\n")));
  const V1Translation translation = translate_v1_with_mappings(v1, report.notes);

  report_v1_settings(v1, translation, report);
  for (auto& warning : unknown_key_warnings(Schema::kV1, v1_specs(), &file, overrides)) {
    report.not_carried.push_back(std::move(warning));
  }
  report_v1_env(getenv, report);

  const std::string label = fmt::format("{} (migrated to v2)", located.path);
  Planner planner(v1, translation, label, report);
  MB_TRY(result, planner.run());
  validate(result, label, errors);
  if (!errors.empty() && options.strict) {
    return fail(ErrorCode::kConfig, fmt::format("the migrated config is not valid v2:\n{}", fmt::join(errors, "\n")));
  }
  for (const auto& error : errors) report.notes.push_back("not valid v2: " + error);
  migration.yaml = planner.yaml(located.path);
  return migration;
}

std::string render_report(const Migration& migration) {
  std::string out = fmt::format("migration report for {}\n", migration.source_file);
  auto section = [&out](std::string_view title, const std::vector<std::string>& lines) {
    if (lines.empty()) return;
    out += fmt::format("{}:\n", title);
    for (const auto& line : lines) out += fmt::format("  {}\n", line);
  };
  const MigrationReport& report = migration.report;
  section("v1 settings and the v2 keys they went to", report.mapped);
  section("not carried over", report.not_carried);
  section("notes", report.notes);
  section("v1 environment variables set now, and what replaced them", report.environment);
  return out;
}

Status write_migrated_config(const std::string& path, const std::string& yaml, bool overwrite) {
  std::error_code ec;
  if (!overwrite && std::filesystem::exists(path, ec)) {
    return fail(ErrorCode::kAlreadyExists, fmt::format("{} already exists; pass --force to overwrite it", path));
  }
  return write_file_atomically(path, yaml);
}

}  // namespace mb::config
