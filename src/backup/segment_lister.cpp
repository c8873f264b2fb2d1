#include "backup/segment_lister.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "meta/backup_layout.h"

namespace mb::backup {
namespace {

using SegmentKey = std::pair<int64_t, int64_t>;  // (partition id, segment id)

std::string collection_dir(std::string_view milvus_root, std::string_view log_dir_name, int64_t collection_id) {
  return meta::join_key({milvus_root, log_dir_name, std::to_string(collection_id)}) + "/";
}

struct SegmentFiles {
  std::map<int64_t, std::vector<meta::Binlog>> insert_by_field;
  std::vector<meta::Binlog> delta;
};

Error segment_error(std::string message, int64_t collection_id, int64_t segment_id) {
  return Error(ErrorCode::kCorrupt, std::move(message))
      .with("collection_id", std::to_string(collection_id))
      .with("segment_id", std::to_string(segment_id));
}

std::optional<int64_t> parse_id(std::string_view text) {
  int64_t id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return id;
}

// The (partition, segment) a key below the listed collection directory belongs to, read from its
// first two path elements, for keys that are not well-formed binlog keys.
std::optional<SegmentKey> segment_of_unparsed(std::string_view key, std::string_view collection_dir) {
  if (!key.starts_with(collection_dir)) return std::nullopt;
  const std::string_view rest = key.substr(collection_dir.size());
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const size_t second_slash = rest.find('/', slash + 1);
  if (second_slash == std::string_view::npos) return std::nullopt;
  const auto partition = parse_id(rest.substr(0, slash));
  const auto segment = parse_id(rest.substr(slash + 1, second_slash - slash - 1));
  if (!partition || !segment) return std::nullopt;
  return SegmentKey{*partition, *segment};
}

// Files of the wanted segments, from one listing.
Status collect(const std::vector<storage::ObjectInfo>& objects, std::string_view listed_dir, meta::BinlogKind kind,
               int64_t collection_id, std::map<SegmentKey, SegmentFiles>& wanted) {
  for (const auto& object : objects) {
    auto parsed = meta::parse_source_binlog_key(object.key);
    if (!parsed || parsed->ids.kind != kind || parsed->ids.collection_id != collection_id) {
      const auto segment = segment_of_unparsed(object.key, listed_dir);
      if (segment && wanted.contains(*segment)) {
        return fail(segment_error("not a binlog key under the segment's directory: " + object.key, collection_id,
                                  segment->second)
                        .with("key", object.key));
      }
      continue;
    }
    const auto& ids = parsed->ids;
    const auto it = wanted.find({ids.partition_id, ids.segment_id});
    if (it == wanted.end()) continue;
    meta::Binlog binlog{.entries_num = 0,
                        .timestamp_from = 0,
                        .timestamp_to = 0,
                        .log_path = object.key,
                        .log_size = static_cast<int64_t>(object.size),
                        .log_id = ids.log_id};
    if (kind == meta::BinlogKind::kInsert) {
      it->second.insert_by_field[ids.field_id].push_back(std::move(binlog));
    } else {
      it->second.delta.push_back(std::move(binlog));
    }
  }
  return {};
}

void sort_by_log_id(std::vector<meta::Binlog>& binlogs) {
  std::sort(binlogs.begin(), binlogs.end(), [](const auto& a, const auto& b) { return a.log_id < b.log_id; });
}

int64_t total_size(const std::vector<meta::Binlog>& binlogs) {
  int64_t total = 0;
  for (const auto& binlog : binlogs) total += binlog.log_size;
  return total;
}

Result<meta::SegmentBackupInfo> build_segment(const milvus::SegmentInfo& segment, SegmentFiles files) {
  meta::SegmentBackupInfo out;
  out.segment_id = segment.id;
  out.collection_id = segment.collection_id;
  out.partition_id = segment.partition_id;
  out.num_of_rows = segment.num_rows;
  out.is_l0 = segment.level == milvus::common_pb::L0;
  out.group_id = meta::segment_group_id(segment.partition_id, segment.id);
  out.storage_version = segment.storage_version;

  std::optional<std::pair<int64_t, size_t>> first_field;  // (field id, file count)
  for (auto& [field_id, binlogs] : files.insert_by_field) {
    if (!first_field) {
      first_field = {field_id, binlogs.size()};
    } else if (binlogs.size() != first_field->second) {
      return fail(segment_error(fmt::format("segment {}: field {} has {} insert logs but field {} has {}", segment.id,
                                            field_id, binlogs.size(), first_field->first, first_field->second),
                                segment.collection_id, segment.id));
    }
    sort_by_log_id(binlogs);
    out.size += total_size(binlogs);
    out.binlogs.push_back({.field_id = field_id, .binlogs = std::move(binlogs)});
  }
  if (out.binlogs.empty() && !out.is_l0) {
    return fail(segment_error(fmt::format("segment {} has no insert logs", segment.id), segment.collection_id,
                              segment.id));
  }
  sort_by_log_id(files.delta);
  out.size += total_size(files.delta);
  // Always one delta entry, even an empty one, as the Go tool writes it.
  out.deltalogs.push_back({.field_id = 0, .binlogs = std::move(files.delta)});
  return out;
}

}  // namespace

Result<std::vector<milvus::SegmentInfo>> persistent_segments(milvus::MilvusClient& client, const std::string& db,
                                                             const std::string& collection,
                                                             const retry::Policy& policy) {
  for (int attempt = 1;; ++attempt) {
    auto segments = client.get_persistent_segment_info(db, collection);
    if (segments || segments.error().code != ErrorCode::kMilvus || attempt >= policy.max_attempts) return segments;
    spdlog::warn("listing the segments of {}.{} failed, asking again (attempt {}): {}", db, collection, attempt,
                 segments.error().to_string());
    retry::sleep_for(retry::backoff_delay(policy, attempt, retry::next_unit_random()));
  }
}

Result<CollectionBinlogListing> list_collection_binlogs(storage::ObjectStore& milvus_store,
                                                        std::string_view milvus_root, int64_t collection_id) {
  CollectionBinlogListing out;
  out.insert_dir = collection_dir(milvus_root, meta::kInsertLogDirName, collection_id);
  auto inserts = milvus_store.list_all(out.insert_dir, true);
  if (!inserts) return fail(wrap(std::move(inserts).error(), "list insert logs under " + out.insert_dir));
  out.delta_dir = collection_dir(milvus_root, meta::kDeltaLogDirName, collection_id);
  auto deltas = milvus_store.list_all(out.delta_dir, true);
  if (!deltas) return fail(wrap(std::move(deltas).error(), "list delta logs under " + out.delta_dir));
  out.insert_logs = std::move(*inserts);
  out.delta_logs = std::move(*deltas);
  return out;
}

Result<std::vector<meta::SegmentBackupInfo>> group_segment_binlogs(int64_t collection_id,
                                                                   const std::vector<milvus::SegmentInfo>& segments,
                                                                   const CollectionBinlogListing& listing) {
  std::map<SegmentKey, SegmentFiles> wanted;
  std::vector<const milvus::SegmentInfo*> taken;
  for (const auto& segment : segments) {
    if (segment.state != milvus::common_pb::Flushed) {
      spdlog::info("collection {}: segment {} is {}, not flushed: left out", collection_id, segment.id,
                   milvus::common_pb::SegmentState_Name(segment.state));
      continue;
    }
    wanted[{segment.partition_id, segment.id}];
    taken.push_back(&segment);
  }
  MB_CHECK(collect(listing.insert_logs, listing.insert_dir, meta::BinlogKind::kInsert, collection_id, wanted));
  MB_CHECK(collect(listing.delta_logs, listing.delta_dir, meta::BinlogKind::kDelta, collection_id, wanted));

  std::vector<meta::SegmentBackupInfo> out;
  out.reserve(taken.size());
  for (const auto* segment : taken) {
    MB_TRY(built, build_segment(*segment, std::move(wanted[{segment->partition_id, segment->id}])));
    out.push_back(std::move(built));
  }
  return out;
}

}  // namespace mb::backup
