#include "meta/backup_layout.h"

#include <charconv>
#include <optional>
#include <vector>

#include "meta/text_split.h"

namespace mb::meta {

namespace {

// Go's path.Clean.
std::string clean(std::string_view path) {
  const bool rooted = !path.empty() && path.front() == '/';
  std::vector<std::string_view> kept;
  for (std::string_view element : split(path, '/')) {
    if (element.empty() || element == ".") continue;
    if (element == "..") {
      if (!kept.empty() && kept.back() != "..") {
        kept.pop_back();
      } else if (!rooted) {
        kept.push_back(element);
      }
      continue;
    }
    kept.push_back(element);
  }
  std::string out = rooted ? "/" : "";
  for (size_t i = 0; i < kept.size(); ++i) {
    if (i) out += '/';
    out += kept[i];
  }
  return out.empty() ? "." : out;
}

std::string dir(std::initializer_list<std::string_view> elements) { return join_key(elements) + "/"; }

// \d+ of Go's RE2 (ASCII digits) that also fits in an int64.
std::optional<int64_t> parse_id(std::string_view text, bool allow_minus) {
  const size_t digits_start = allow_minus && text.starts_with('-') ? 1 : 0;
  if (text.size() == digits_start) return std::nullopt;
  for (size_t i = digits_start; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  int64_t id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return id;
}

// Matches `^(?:(.+)/)?<marker>/<ids...>$` where the ids are the last components.
std::optional<std::string> match_root(const std::vector<std::string_view>& parts, size_t id_count,
                                      std::string_view marker, std::string_view key) {
  if (parts.size() < id_count + 1) return std::nullopt;
  const size_t marker_index = parts.size() - id_count - 1;
  if (parts[marker_index] != marker) return std::nullopt;
  if (marker_index == 0) return std::string();
  // The root is everything before "/<marker>/": (.+) needs a character and, like Go's '.', no newline.
  const std::string_view root = key.substr(0, size_t(parts[marker_index].data() - key.data()) - 1);
  if (root.empty() || root.find('\n') != std::string_view::npos) return std::nullopt;
  return std::string(root);
}

std::optional<SourceBinlogKey> parse_insert_key(const std::vector<std::string_view>& parts, std::string_view key) {
  auto root = match_root(parts, 5, kInsertLogDirName, key);
  if (!root) return std::nullopt;
  const size_t first = parts.size() - 5;
  std::optional<int64_t> ids[5];
  for (size_t i = 0; i < 5; ++i) {
    ids[i] = parse_id(parts[first + i], false);
    if (!ids[i]) return std::nullopt;
  }
  return SourceBinlogKey{std::move(*root), {BinlogKind::kInsert, *ids[0], *ids[1], *ids[2], *ids[3], *ids[4]}};
}

std::optional<SourceBinlogKey> parse_delta_key(const std::vector<std::string_view>& parts, std::string_view key) {
  auto root = match_root(parts, 4, kDeltaLogDirName, key);
  if (!root) return std::nullopt;
  const size_t first = parts.size() - 4;
  const auto collection = parse_id(parts[first], false);
  const auto partition = parse_id(parts[first + 1], true);
  const auto segment = parse_id(parts[first + 2], false);
  const auto log = parse_id(parts[first + 3], false);
  if (!collection || !partition || !segment || !log) return std::nullopt;
  return SourceBinlogKey{std::move(*root), {BinlogKind::kDelta, *collection, *partition, *segment, 0, *log}};
}

}  // namespace

std::string join_key(std::initializer_list<std::string_view> elements) {
  std::string joined;
  for (std::string_view element : elements) {
    if (element.empty()) continue;
    if (!joined.empty()) joined += '/';
    joined += element;
  }
  return joined.empty() ? joined : clean(joined);
}

std::string backup_dir(std::string_view backup_root, std::string_view backup_name) {
  return dir({backup_root, backup_name});
}

std::string meta_key(std::string_view backup_dir, std::string_view meta_file_name) {
  return join_key({backup_dir, kMetaDirName, meta_file_name});
}

Result<SourceBinlogKey> parse_source_binlog_key(std::string_view key) {
  const std::vector<std::string_view> parts = split(key, '/');
  if (auto insert = parse_insert_key(parts, key)) return *insert;
  if (auto delta = parse_delta_key(parts, key)) return *delta;
  return fail(Error(ErrorCode::kInvalidArgument, "not a Milvus insert or delta log key: " + std::string(key))
                  .with("key", std::string(key)));
}

std::string backup_binlog_key(std::string_view backup_dir, const BinlogIds& ids, int64_t group_id) {
  const std::string collection = std::to_string(ids.collection_id);
  const std::string partition = std::to_string(ids.partition_id);
  const std::string group = std::to_string(group_id);
  const std::string segment = std::to_string(ids.segment_id);
  const std::string log = std::to_string(ids.log_id);
  if (ids.kind == BinlogKind::kInsert) {
    return join_key({backup_dir, kBinlogDirName, kInsertLogDirName, collection, partition, group, segment,
                     std::to_string(ids.field_id), log});
  }
  if (ids.partition_id == kAllPartitionsId) {
    return join_key({backup_dir, kBinlogDirName, kDeltaLogDirName, collection, partition, segment, log});
  }
  return join_key({backup_dir, kBinlogDirName, kDeltaLogDirName, collection, partition, group, segment, log});
}

Result<std::string> backup_key_of_source(std::string_view backup_dir, std::string_view source_key,
                                         int64_t group_id) {
  MB_TRY(parsed, parse_source_binlog_key(source_key));
  return backup_binlog_key(backup_dir, parsed.ids, group_id);
}

std::string milvus_segment_insert_log_dir(std::string_view milvus_root, int64_t collection_id,
                                          int64_t partition_id, int64_t segment_id) {
  return dir({milvus_root, kInsertLogDirName, std::to_string(collection_id), std::to_string(partition_id),
              std::to_string(segment_id)});
}

std::string milvus_segment_delta_log_dir(std::string_view milvus_root, int64_t collection_id,
                                         int64_t partition_id, int64_t segment_id) {
  return dir({milvus_root, kDeltaLogDirName, std::to_string(collection_id), std::to_string(partition_id),
              std::to_string(segment_id)});
}

std::string backup_collection_insert_log_dir(std::string_view backup_dir, int64_t collection_id) {
  return dir({backup_dir, kBinlogDirName, kInsertLogDirName, std::to_string(collection_id)});
}

std::string backup_collection_delta_log_dir(std::string_view backup_dir, int64_t collection_id) {
  return dir({backup_dir, kBinlogDirName, kDeltaLogDirName, std::to_string(collection_id)});
}

ImportDirs segment_group_import_dirs(std::string_view backup_dir, int64_t collection_id, int64_t partition_id,
                                     int64_t group_id) {
  const std::string collection = std::to_string(collection_id);
  const std::string partition = std::to_string(partition_id);
  const std::string group = std::to_string(group_id);
  return {dir({backup_dir, kBinlogDirName, kInsertLogDirName, collection, partition, group}),
          dir({backup_dir, kBinlogDirName, kDeltaLogDirName, collection, partition, group})};
}

ImportDirs partition_import_dirs(std::string_view backup_dir, int64_t collection_id, int64_t partition_id) {
  const std::string collection = std::to_string(collection_id);
  const std::string partition = std::to_string(partition_id);
  return {dir({backup_dir, kBinlogDirName, kInsertLogDirName, collection, partition}),
          dir({backup_dir, kBinlogDirName, kDeltaLogDirName, collection, partition})};
}

std::string l0_segment_import_dir(std::string_view backup_dir, int64_t collection_id, int64_t partition_id,
                                  int64_t segment_id) {
  return dir({backup_dir, kBinlogDirName, kDeltaLogDirName, std::to_string(collection_id),
              std::to_string(partition_id), std::to_string(segment_id)});
}

bool partition_has_group_dirs(const PartitionBackupInfo& partition) {
  for (const SegmentBackupInfo& segment : partition.segment_backups) {
    if (!segment.is_l0 && segment.group_id != 0) return true;
  }
  return false;
}

}  // namespace mb::meta
