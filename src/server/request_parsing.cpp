#include "server/request_parsing.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <initializer_list>
#include <map>
#include <utility>

#include "meta/collection_rename.h"
#include "util/json_parse.h"

namespace mb::server {
namespace {

using nlohmann::json;

enum class Kind { kString, kBool, kInt, kObject, kArray, kStringArray, kStringOrObject };

struct Field {
  const char* name;
  Kind kind;
};

const char* describe(Kind kind) {
  switch (kind) {
    case Kind::kString: return "a string";
    case Kind::kBool: return "a boolean";
    case Kind::kInt: return "an integer";
    case Kind::kObject: return "an object";
    case Kind::kArray: return "an array";
    case Kind::kStringArray: return "an array of strings";
    case Kind::kStringOrObject: return "a string or an object";
  }
  return "?";
}

bool has_kind(const json& value, Kind kind) {
  switch (kind) {
    case Kind::kString: return value.is_string();
    case Kind::kBool: return value.is_boolean();
    // An unsigned value past int64's range would wrap when read as int64_t.
    case Kind::kInt:
      return value.is_number_integer() &&
             (!value.is_number_unsigned() || value.template get<uint64_t>() <= uint64_t(INT64_MAX));
    case Kind::kObject: return value.is_object();
    case Kind::kArray: return value.is_array();
    case Kind::kStringArray:
      return value.is_array() && std::all_of(value.begin(), value.end(), [](const json& e) { return e.is_string(); });
    case Kind::kStringOrObject: return value.is_string() || value.is_object();
  }
  return false;
}

const char* json_type_name(const json& value) {
  if (value.is_number_float()) return "a number with a fraction";
  return value.type_name();
}

// A JSON text from the request (the body, or a string member holding JSON), depth-limited.
Result<json> parse_request_json(std::string_view text, std::string_view what) {
  auto parsed = parse_json(text, ErrorCode::kInvalidArgument);
  if (!parsed) return fail(wrap(std::move(parsed).error(), what));
  return parsed;
}

Result<json> parse_object(std::string_view body, std::initializer_list<Field> fields) {
  MB_TRY(parsed, parse_request_json(body, "invalid request body"));
  if (!parsed.is_object()) {
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("invalid request body: want a JSON object, got {}", json_type_name(parsed)));
  }
  for (const auto& [name, value] : parsed.items()) {
    const auto rule = std::find_if(fields.begin(), fields.end(), [&](const Field& f) { return name == f.name; });
    if (rule == fields.end()) {
      return fail(ErrorCode::kInvalidArgument, fmt::format("invalid request body: unknown field \"{}\"", name));
    }
    if (!value.is_null() && !has_kind(value, rule->kind)) {
      return fail(ErrorCode::kInvalidArgument,
                  fmt::format("invalid request body: field \"{}\" must be {}, got {}", name, describe(rule->kind),
                              json_type_name(value)));
    }
  }
  return parsed;
}

// Scalars by value; parse_object and check_members have checked their kinds.
template <typename T>
T member(const json& body, const char* name, T fallback = T{}) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return fallback;
  return it->get<T>();
}

// Objects and arrays by reference (null when absent): copying a subtree costs a recursion per level.
const json& member_ref(const json& body, const char* name) {
  static const json kNull;
  const auto it = body.find(name);
  return it == body.end() ? kNull : *it;
}

bool is_word_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_word(std::string_view text) { return !text.empty() && std::all_of(text.begin(), text.end(), is_word_char); }

Status check_word(std::string_view text, std::string_view what) {
  if (is_word(text)) return {};
  return fail(ErrorCode::kInvalidArgument,
              fmt::format("invalid {} \"{}\": only letters, digits and underscores are allowed", what, text));
}

std::string db_or_default(const std::string& db) { return db.empty() ? "default" : db; }

// {"db": ["c1", "c2"]} (or a JSON string holding that) as filter rules; an empty list is the
// whole database. `field` names the member in messages, which start with `where`.
Status add_db_collections(const json& value, std::string_view field, std::vector<std::string>& rules,
                          std::string_view where = "invalid request body") {
  json parsed;  // only for a JSON string
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text.empty()) return {};
    auto inner = parse_request_json(text, fmt::format("{}: {} is not valid JSON", where, field));
    if (!inner) return fail(std::move(inner).error());
    parsed = std::move(*inner);
  }
  const json& object = value.is_string() ? parsed : value;
  if (!object.is_object()) {
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: {} must map database names to lists of collections", where, field));
  }
  for (const auto& [db, colls] : object.items()) {
    const auto database = db_or_default(db);
    MB_CHECK(check_word(database, "database name"));
    if (!has_kind(colls, Kind::kStringArray)) {
      return fail(ErrorCode::kInvalidArgument,
                  fmt::format("{}: {}[\"{}\"] must be an array of strings", where, field, db));
    }
    if (colls.empty()) rules.push_back(database + ".*");
    for (const auto& coll : colls) {
      const auto name = coll.get<std::string>();
      if (name == "*") {
        rules.push_back(database + ".*");
        continue;
      }
      MB_CHECK(check_word(name, "collection name"));
      rules.push_back(database + "." + name);
    }
  }
  return {};
}

// "db.coll" or "coll" (database default) as a filter rule.
Status add_collection_names(const json& names, std::vector<std::string>& rules) {
  for (const auto& entry : names) {
    const auto text = entry.get<std::string>();
    const auto dot = text.find('.');
    const std::string db = dot == std::string::npos ? "default" : db_or_default(text.substr(0, dot));
    const std::string coll = dot == std::string::npos ? text : text.substr(dot + 1);
    MB_CHECK(check_word(db, "database name"));
    MB_CHECK(check_word(coll, "collection name"));
    rules.push_back(db + "." + coll);
  }
  return {};
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += ',';
    out += part;
  }
  return out;
}

// The Go tool's `filter`: {"db": {"colls": ["c1"]}}, ["*"] or no colls = the whole database.
Status add_filter(const json& filter, std::vector<std::string>& rules) {
  for (const auto& [db, spec] : filter.items()) {
    const auto database = db_or_default(db);
    MB_CHECK(check_word(database, "database name"));
    if (!spec.is_object()) {
      return fail(ErrorCode::kInvalidArgument,
                  fmt::format("invalid request body: filter[\"{}\"] must be an object like {{\"colls\": [...]}}", db));
    }
    for (const auto& [key, value] : spec.items()) {
      if (key != "colls") {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("invalid request body: unknown field \"{}\" in filter[\"{}\"]", key, db));
      }
      if (!value.is_null() && !has_kind(value, Kind::kStringArray)) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("invalid request body: filter[\"{}\"].colls must be an array of strings", db));
      }
    }
    json wrapped = json::object();
    wrapped[db] = spec.value("colls", json::array());
    if (wrapped[db].is_null()) wrapped[db] = json::array();
    MB_CHECK(add_db_collections(wrapped, "filter", rules));
  }
  return {};
}

// One collection_renames (or restorePlan mapping) pair, as the rename grammar spells it.
struct Rename {
  std::string from;
  std::string to;
};

// Checks only that neither side can add a rule of its own; the grammar is checked by
// meta::parse_collection_rename.
Result<Rename> parse_rename(const std::string& from, const std::string& to) {
  for (const auto& side : {from, to}) {
    const bool allowed = !side.empty() && std::all_of(side.begin(), side.end(), [](unsigned char c) {
      return is_word_char(c) || c == '.' || c == '*';
    });
    if (!allowed) {
      return fail(ErrorCode::kInvalidArgument,
                  fmt::format("invalid collection_renames entry \"{}\": want db.coll, coll or db.*", side));
    }
  }
  return Rename{from, to};
}

void add_once(std::vector<std::string>& rules, std::string rule) {
  if (std::find(rules.begin(), rules.end(), rule) == rules.end()) rules.push_back(std::move(rule));
}

Status check_members(const json& object, std::string_view where, std::initializer_list<Field> fields) {
  if (!object.is_object()) {
    return fail(ErrorCode::kInvalidArgument, fmt::format("invalid request body: {} must be an object", where));
  }
  for (const auto& [name, value] : object.items()) {
    const auto rule = std::find_if(fields.begin(), fields.end(), [&](const Field& f) { return name == f.name; });
    if (rule == fields.end()) {
      return fail(ErrorCode::kInvalidArgument,
                  fmt::format("invalid request body: unknown field \"{}\" in {}", name, where));
    }
    if (!value.is_null() && !has_kind(value, rule->kind)) {
      return fail(ErrorCode::kInvalidArgument,
                  fmt::format("invalid request body: {}.{} must be {}", where, name, describe(rule->kind)));
    }
  }
  return {};
}

// The Go tool's restorePlan: {"mapping": [{"source": db, "target": db, "withProp": bool, "colls":
// [{"source": c, "target": c, "override": {"shardNum": n, "description": s}}]}], "filter": {db:
// {"colls": [...]}}}. A mapping moves its database (rename db.*) and renames its colls; the filter
// selects target names. Overrides and withProp need the restore to change what it creates, which
// it does not: they are listed as unsupported.
Status read_restore_plan(const json& plan, std::vector<Rename>& renames, std::vector<std::string>& target_rules,
                         std::vector<std::string>& unsupported) {
  MB_CHECK(check_members(plan, "restorePlan", {{"mapping", Kind::kArray}, {"filter", Kind::kObject}}));
  const json& mappings = member_ref(plan, "mapping");
  for (size_t i = 0; i < mappings.size(); ++i) {
    const auto where = fmt::format("restorePlan.mapping[{}]", i);
    const auto& mapping = mappings[i];
    MB_CHECK(check_members(mapping, where, {{"source", Kind::kString}, {"target", Kind::kString},
                                            {"withProp", Kind::kBool}, {"colls", Kind::kArray}}));
    const auto source_db = member<std::string>(mapping, "source");
    const auto target_db = member<std::string>(mapping, "target");
    if (source_db.empty()) return fail(ErrorCode::kInvalidArgument, "restore: source database name is empty");
    if (target_db.empty()) return fail(ErrorCode::kInvalidArgument, "restore: target database name is empty");
    if (member<bool>(mapping, "withProp")) add_once(unsupported, "restorePlan.mapping.withProp");
    if (source_db != target_db) {
      MB_TRY(moved, parse_rename(source_db + ".*", target_db + ".*"));
      renames.push_back(std::move(moved));
    }
    const json& colls = member_ref(mapping, "colls");
    for (size_t j = 0; j < colls.size(); ++j) {
      const auto coll_where = fmt::format("{}.colls[{}]", where, j);
      MB_CHECK(check_members(colls[j], coll_where, {{"source", Kind::kString}, {"target", Kind::kString},
                                                    {"override", Kind::kObject}}));
      const json& override_spec = member_ref(colls[j], "override");
      if (!override_spec.is_null()) {
        MB_CHECK(check_members(override_spec, coll_where + ".override",
                               {{"shardNum", Kind::kInt}, {"description", Kind::kString}}));
      }
      if (member<int64_t>(override_spec, "shardNum") != 0 || !member<std::string>(override_spec, "description").empty()) {
        add_once(unsupported, "restorePlan.mapping.colls.override");
      }
      MB_TRY(renamed, parse_rename(source_db + "." + member<std::string>(colls[j], "source"),
                                   target_db + "." + member<std::string>(colls[j], "target")));
      renames.push_back(std::move(renamed));
    }
  }
  if (const json& filter = member_ref(plan, "filter"); filter.is_object()) MB_CHECK(add_filter(filter, target_rules));
  return {};
}

}  // namespace

Result<VerifyRequest> parse_verify_request(std::string_view text) {
  MB_TRY(body, parse_object(text, {{"requestId", Kind::kString},
                                   {"backup_name", Kind::kString},
                                   {"read_data", Kind::kBool},
                                   {"read_data_subset", Kind::kString},
                                   {"async", Kind::kBool}}));
  VerifyRequest request;
  request.request_id = member<std::string>(body, "requestId");
  request.verify.backup_name = member<std::string>(body, "backup_name");
  request.verify.read_data = member<bool>(body, "read_data");
  request.verify.read_data_subset = member<std::string>(body, "read_data_subset");
  request.async = member<bool>(body, "async");
  return request;
}

Result<CreateRequest> parse_create_request(std::string_view text) {
  MB_TRY(body, parse_object(text, {{"requestId", Kind::kString},
                                   {"backup_name", Kind::kString},
                                   {"async", Kind::kBool},
                                   {"filter", Kind::kObject},
                                   {"strategy", Kind::kString},
                                   {"format", Kind::kString},
                                   {"rbac", Kind::kBool},
                                   {"with_index_extra", Kind::kBool},
                                   {"gc_pause_enable", Kind::kBool},
                                   {"gc_pause_address", Kind::kString},
                                   {"backup_root_path", Kind::kString},
                                   {"collection_names", Kind::kStringArray},
                                   {"db_collections", Kind::kStringOrObject},
                                   {"force", Kind::kBool},
                                   {"meta_only", Kind::kBool},
                                   {"gc_pause_seconds", Kind::kInt}}));
  CreateRequest request;
  request.backup_name = member<std::string>(body, "backup_name");
  request.async = member<bool>(body, "async");
  request.options.name = request.backup_name;
  request.options.strategy = member<std::string>(body, "strategy");
  request.options.format = member<std::string>(body, "format");
  request.options.rbac = member<bool>(body, "rbac");
  request.options.backup_index_extra = member<bool>(body, "with_index_extra");
  // The deprecated booleans only speak when no strategy is given, as in the Go tool.
  if (request.options.strategy.empty() && member<bool>(body, "force")) request.options.strategy = "skip_flush";
  if (request.options.strategy.empty() && member<bool>(body, "meta_only")) request.options.strategy = "meta_only";
  request.gc_pause_enable = member<bool>(body, "gc_pause_enable");
  request.gc_pause_address = member<std::string>(body, "gc_pause_address");
  request.backup_root_path = member<std::string>(body, "backup_root_path");

  // Precedence as in the Go tool: filter > db_collections > collection_names.
  std::vector<std::string> rules;
  if (const json& filter = member_ref(body, "filter"); filter.is_object() && !filter.empty()) {
    MB_CHECK(add_filter(filter, rules));
  } else if (const json& dbs = member_ref(body, "db_collections");
             (dbs.is_object() && !dbs.empty()) || (dbs.is_string() && !dbs.get_ref<const std::string&>().empty())) {
    MB_CHECK(add_db_collections(dbs, "db_collections", rules));
  } else if (const json& names = member_ref(body, "collection_names"); names.is_array()) {
    MB_CHECK(add_collection_names(names, rules));
  }
  request.options.filter = join(rules);
  return request;
}

Result<RestoreRequest> parse_restore_request(std::string_view text) {
  MB_TRY(body, parse_object(text, {{"requestId", Kind::kString},
                                   {"id", Kind::kString},
                                   {"backup_name", Kind::kString},
                                   {"async", Kind::kBool},
                                   {"bucket_name", Kind::kString},
                                   {"path", Kind::kString},
                                   {"collection_names", Kind::kStringArray},
                                   {"db_collections", Kind::kStringOrObject},
                                   {"collection_suffix", Kind::kString},
                                   {"collection_renames", Kind::kObject},
                                   {"db_collections_after_rename", Kind::kStringOrObject},
                                   {"restorePlan", Kind::kObject},
                                   {"metaOnly", Kind::kBool},
                                   {"restoreIndex", Kind::kBool},
                                   {"useAutoIndex", Kind::kBool},
                                   {"dropExistCollection", Kind::kBool},
                                   {"dropExistIndex", Kind::kBool},
                                   {"skipCreateCollection", Kind::kBool},
                                   {"rbac", Kind::kBool},
                                   {"maxShardNum", Kind::kInt},
                                   {"skipParams", Kind::kObject},
                                   {"useV2Restore", Kind::kBool},
                                   {"truncateBinlogByTs", Kind::kBool},
                                   {"ezkMapping", Kind::kObject},
                                   {"skipImportDiskQuotaCheck", Kind::kBool}}));
  RestoreRequest request;
  request.request_id = member<std::string>(body, "requestId");
  request.id = member<std::string>(body, "id");
  if (!request.id.empty()) MB_CHECK(validate_task_id(request.id));
  request.async = member<bool>(body, "async");
  request.bucket_name = member<std::string>(body, "bucket_name");
  request.path = member<std::string>(body, "path");

  auto& options = request.options;
  options.backup_name = member<std::string>(body, "backup_name");
  options.suffix = member<std::string>(body, "collection_suffix");
  if (!options.suffix.empty()) MB_CHECK(check_word(options.suffix, "collection_suffix"));
  options.meta_only = member<bool>(body, "metaOnly");
  options.rebuild_index = member<bool>(body, "restoreIndex");
  options.use_auto_index = member<bool>(body, "useAutoIndex");
  options.drop_exist_collection = member<bool>(body, "dropExistCollection");
  options.drop_exist_index = member<bool>(body, "dropExistIndex");
  options.skip_create_collection = member<bool>(body, "skipCreateCollection");
  options.rbac = member<bool>(body, "rbac");

  const json& plan = member_ref(body, "restorePlan");
  const json& rename_map = member_ref(body, "collection_renames");
  if (!plan.is_null() && !options.suffix.empty()) {
    return fail(ErrorCode::kInvalidArgument, "restore plan and collection suffix cannot be set at the same time");
  }
  if (!plan.is_null() && rename_map.is_object() && !rename_map.empty()) {
    return fail(ErrorCode::kInvalidArgument, "restore plan and collection renames cannot be set at the same time");
  }

  // collection_renames: {"db1.c1": "db2.c2", "db1.*": "db3.*", "c1": "c2"}; sides are checked by
  // the rename grammar later, here only that no value can add a rule of its own.
  std::vector<Rename> renames;
  if (rename_map.is_object()) {
    for (const auto& [from, to] : rename_map.items()) {
      if (!to.is_string()) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("invalid request body: collection_renames[\"{}\"] must be a string", from));
      }
      MB_TRY(pair, parse_rename(from, to.get<std::string>()));
      renames.push_back(std::move(pair));
    }
  }
  // The Go tool's task filter: target names, from db_collections_after_rename or the plan's filter.
  std::vector<std::string> target_rules;
  if (plan.is_null()) {
    if (const json& after = member_ref(body, "db_collections_after_rename");
        (after.is_object() && !after.empty()) ||
        (after.is_string() && !after.get_ref<const std::string&>().empty())) {
      MB_CHECK(add_db_collections(after, "db_collections_after_rename", target_rules));
    }
  } else {
    MB_CHECK(read_restore_plan(plan, renames, target_rules, request.unsupported));
  }
  // Renames win over the suffix in the Go tool, which then ignores it.
  if (!renames.empty()) options.suffix.clear();
  std::vector<std::string> rename_rules;
  for (const auto& pair : renames) rename_rules.push_back(pair.from + ":" + pair.to);
  options.rename = join(rename_rules);
  MB_CHECK(meta::parse_collection_rename(options.rename));  // a bad rename is a 400 now, not a failed job

  // The Go tool selects by backup-side names (collection_names, db_collections) and by target
  // names (the task filter) together; the restore plan applies each to its own side.
  std::vector<std::string> source_rules;
  if (const json& dbs = member_ref(body, "db_collections");
      (dbs.is_object() && !dbs.empty()) || (dbs.is_string() && !dbs.get_ref<const std::string&>().empty())) {
    MB_CHECK(add_db_collections(dbs, "db_collections", source_rules));
  } else if (const json& names = member_ref(body, "collection_names"); names.is_array()) {
    MB_CHECK(add_collection_names(names, source_rules));
  }
  options.source_filter = join(source_rules);
  options.filter = join(target_rules);

  if (const json& skip = member_ref(body, "skipParams"); skip.is_object() && !skip.empty()) {
    request.unsupported.push_back("skipParams");
  }
  if (const json& ezk = member_ref(body, "ezkMapping"); ezk.is_object() && !ezk.empty()) {
    request.unsupported.push_back("ezkMapping");
  }
  if (member<int64_t>(body, "maxShardNum") != 0) request.unsupported.push_back("maxShardNum");
  if (member<bool>(body, "truncateBinlogByTs")) request.unsupported.push_back("truncateBinlogByTs");
  // useV2Restore and skipImportDiskQuotaCheck are accepted: our importer picks the import API by
  // server version, and the disk quota check is deprecated upstream.
  return request;
}

Result<std::string> db_collections_filter(std::string_view text, std::string_view flag) {
  std::vector<std::string> rules;
  MB_CHECK(add_db_collections(json(std::string(text)), flag, rules, "invalid value"));
  return join(rules);
}

Result<std::string> collection_names_filter(const std::vector<std::string>& names) {
  std::vector<std::string> rules;
  MB_CHECK(add_collection_names(json(names), rules));
  return join(rules);
}

Status check_no_parameters_in_body(std::string_view body) {
  if (body.empty()) return {};
  MB_CHECK(parse_object(body, {}));  // no member is known: any is refused
  return {};
}

Status validate_task_id(std::string_view id) {
  const bool allowed = !id.empty() && id.size() <= 128 &&
                       std::all_of(id.begin(), id.end(), [](unsigned char c) { return is_word_char(c) || c == '-'; });
  if (allowed) return {};
  return fail(ErrorCode::kInvalidArgument,
              "invalid restore id: 1 to 128 characters of letters, digits, '_' and '-'");
}

}  // namespace mb::server
