#include "backup/backup_brief.h"

#include <nlohmann/json.hpp>

#include <initializer_list>

#include "meta/go_json_writer.h"
#include "meta/meta_json.h"
#include "util/json_parse.h"

namespace mb::backup {
namespace {

using nlohmann::ordered_json;

// Members of CollectionBackupInfoBrief, in field order; each has the same key and JSON shape in
// CollectionBackupInfo.
constexpr std::initializer_list<const char*> kCollectionBriefKeys = {
    "id",          "collection_id", "db_name",    "collection_name", "schema",
    "shards_num",  "backup_timestamp", "size",    "has_index",       "index_infos",
    "load_state",  "backup_physical_timestamp", "channel_checkpoints", "properties"};

void copy_member(const ordered_json& from, ordered_json& to, const char* key) {
  if (const auto it = from.find(key); it != from.end()) to[key] = *it;
}

}  // namespace

Result<std::string> encode_backup_brief(const meta::BackupInfo& info, int64_t meta_size) {
  // Our own encoding of typed values, so it parses; still read through the one depth-limited parser.
  MB_TRY(full, parse_ordered_json(meta::encode_backup_info(info), ErrorCode::kInternal));

  ordered_json brief = ordered_json::object();
  // As the meta records them: 2 and 100 for a v0.4 backup and for ours, 0 for one made by HEAD.
  brief["state_code"] = static_cast<int32_t>(info.state_code);
  brief["progress"] = info.progress;
  copy_member(full, brief, "name");
  copy_member(full, brief, "backup_timestamp");
  if (const auto it = full.find("collection_backups"); it != full.end()) {
    ordered_json collections = ordered_json::array();
    for (const auto& collection : *it) {
      ordered_json collection_brief = ordered_json::object();
      for (const char* key : kCollectionBriefKeys) copy_member(collection, collection_brief, key);
      collections.push_back(std::move(collection_brief));
    }
    brief["collection_backups"] = std::move(collections);
  }
  brief["size"] = info.size;
  copy_member(full, brief, "milvus_version");
  copy_member(full, brief, "rpc_channel_info");
  copy_member(full, brief, "database_backups");
  brief["meta_size"] = meta_size;
  copy_member(full, brief, "format");

  return meta::to_go_json(brief);
}

std::string indent_go_json(std::string_view compact, std::string_view indent) {
  std::string out;
  out.reserve(compact.size() * 2);
  int depth = 0;
  bool in_string = false;
  auto newline = [&] {
    out += '\n';
    for (int i = 0; i < depth; ++i) out += indent;
  };
  for (size_t i = 0; i < compact.size(); ++i) {
    const char c = compact[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < compact.size()) {
        out += compact[++i];
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        out += c;
        break;
      case '{':
      case '[':
        out += c;
        if (i + 1 < compact.size() && (compact[i + 1] == '}' || compact[i + 1] == ']')) {
          out += compact[++i];
        } else {
          ++depth;
          newline();
        }
        break;
      case '}':
      case ']':
        --depth;
        newline();
        out += c;
        break;
      case ',':
        out += c;
        newline();
        break;
      case ':':
        out += ": ";
        break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace mb::backup
