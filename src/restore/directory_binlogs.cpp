#include "restore/directory_binlogs.h"

#include <charconv>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "meta/backup_layout.h"
#include "meta/text_split.h"

namespace mb::restore {
namespace {

std::optional<int64_t> parse_id(std::string_view text) {
  int64_t id = 0;
  if (text.empty() || text.front() == '-' || text.front() == '+') return std::nullopt;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return id;
}

// The elements after the last "insert_log" of a source path; empty when it has none.
std::vector<std::string_view> after_insert_log(std::string_view path) {
  const std::vector<std::string_view> parts = meta::split(path, '/');
  for (size_t i = parts.size(); i-- > 0;) {
    if (parts[i] == meta::kInsertLogDirName) return {parts.begin() + static_cast<std::ptrdiff_t>(i) + 1, parts.end()};
  }
  return {};
}

bool lists_directories(const meta::SegmentBackupInfo& segment) {
  for (const auto& field : segment.binlogs) {
    for (const auto& binlog : field.binlogs) {
      if (is_directory_binlog(binlog)) return true;
    }
  }
  return false;
}

// "<backup dir>binlogs/insert_log/C/P/G/S/", without the group level for a backup that has none.
std::string segment_dir(const std::string& backup_dir, int64_t collection_id, int64_t partition_id,
                        const meta::SegmentBackupInfo& segment) {
  const std::string collection = std::to_string(collection_id);
  const std::string partition = std::to_string(partition_id);
  const std::string id = std::to_string(segment.segment_id);
  if (segment.group_id == 0) {
    return meta::join_key({backup_dir, meta::kBinlogDirName, meta::kInsertLogDirName, collection, partition, id}) + "/";
  }
  return meta::join_key({backup_dir, meta::kBinlogDirName, meta::kInsertLogDirName, collection, partition,
                         std::to_string(segment.group_id), id}) + "/";
}

Result<std::vector<meta::FieldBinlog>> rebuild(const meta::SegmentBackupInfo& segment, const std::string& dir,
                                               const std::map<std::string, uint64_t>& listed,
                                               const std::string& collection_label) {
  // The field directories the meta names, each once, and Milvus's segment directory the rebuilt
  // log paths start with (informational: the restore imports by the backup's keys).
  std::set<int64_t> named;
  std::string source_dir;
  for (const auto& field : segment.binlogs) {
    for (const auto& binlog : field.binlogs) {
      if (!is_directory_binlog(binlog)) continue;
      const size_t slash = binlog.log_path.rfind('/');
      named.insert(*parse_id(std::string_view(binlog.log_path).substr(slash + 1)));
      source_dir = binlog.log_path.substr(0, slash);
    }
  }
  std::map<int64_t, meta::FieldBinlog> found;
  for (auto it = listed.lower_bound(dir); it != listed.end() && it->first.starts_with(dir); ++it) {
    const std::string_view rest = std::string_view(it->first).substr(dir.size());
    const std::vector<std::string_view> parts = meta::split(rest, '/');
    const auto field_id = parts.size() == 2 ? parse_id(parts[0]) : std::nullopt;
    const auto log_id = parts.size() == 2 ? parse_id(parts[1]) : std::nullopt;
    if (!field_id || !log_id) {
      return fail(Error(ErrorCode::kCorrupt, "a file under a segment's insert logs is not <field id>/<log id>")
                      .with("collection", collection_label)
                      .with("key", it->first));
    }
    auto& field = found[*field_id];
    field.field_id = *field_id;
    field.binlogs.push_back(meta::Binlog{.log_path = source_dir + "/" + std::string(parts[0]) + "/" + std::string(parts[1]),
                                         .log_size = static_cast<int64_t>(it->second),
                                         .log_id = *log_id});
  }
  for (const int64_t field_id : named) {
    if (found.contains(field_id)) continue;
    return fail(Error(ErrorCode::kNotFound, "a field directory the backup meta lists holds no binlog")
                    .with("collection", collection_label)
                    .with("segment", std::to_string(segment.segment_id))
                    .with("dir", dir + std::to_string(field_id) + "/"));
  }
  std::vector<meta::FieldBinlog> binlogs;
  for (auto& [id, field] : found) binlogs.push_back(std::move(field));
  return binlogs;
}

}  // namespace

bool is_directory_binlog(const meta::Binlog& binlog) {
  const std::vector<std::string_view> ids = after_insert_log(binlog.log_path);
  if (ids.size() != 4) return false;  // a file is insert_log/C/P/S/F/L
  for (const auto id : ids) {
    if (!parse_id(id)) return false;
  }
  return true;
}

bool has_directory_binlogs(const meta::CollectionBackupInfo& collection) {
  for (const auto& partition : collection.partition_backups) {
    for (const auto& segment : partition.segment_backups) {
      if (lists_directories(segment)) return true;
    }
  }
  return false;
}

Status expand_directory_binlogs(storage::ObjectStore& backup_store, const std::string& backup_dir,
                                meta::CollectionBackupInfo& collection) {
  if (!has_directory_binlogs(collection)) return {};
  const std::string label =
      (collection.db_name.empty() ? std::string("default") : collection.db_name) + "." + collection.collection_name;
  MB_TRY(objects, backup_store.list_all(meta::backup_collection_insert_log_dir(backup_dir, collection.collection_id)));
  std::map<std::string, uint64_t> listed;
  for (const auto& object : objects) listed.emplace(object.key, object.size);
  for (auto& partition : collection.partition_backups) {
    for (auto& segment : partition.segment_backups) {
      if (!lists_directories(segment)) continue;
      MB_TRY(binlogs, rebuild(segment, segment_dir(backup_dir, collection.collection_id, partition.partition_id, segment),
                                    listed, label));
      segment.binlogs = std::move(binlogs);
    }
  }
  return {};
}

}  // namespace mb::restore
