#include "backup/collection_reader.h"

#include <spdlog/spdlog.h>

#include "backup/schema_conversion.h"

namespace mb::backup {
namespace {

std::string_view load_state_of(int64_t progress_percent) {
  if (progress_percent == 0) return meta::kLoadStateNotLoad;
  if (progress_percent == 100) return meta::kLoadStateLoaded;
  return meta::kLoadStateLoading;
}

meta::IndexInfo to_backup_index(const milvus::IndexInfo& index) {
  meta::IndexInfo out;
  out.field_name = index.field_name;
  out.index_name = index.index_name;
  out.index_type = std::string(index.index_type());
  for (const auto& [key, value] : index.params) out.params[key] = value;
  out.index_id = index.index_id;
  return out;
}

Error in_collection(Error error, std::string_view what, const std::string& db, const std::string& collection) {
  return wrap(std::move(error), what).with("db", db).with("collection", collection);
}

// A partition's load state matters only while the collection is partly loaded; otherwise every
// partition shares the collection's.
Result<std::string> partition_load_state(milvus::MilvusClient& client, const std::string& db,
                                         const std::string& collection, const std::string& partition,
                                         const std::string& collection_state) {
  if (collection_state != meta::kLoadStateLoading) return collection_state;
  auto progress = client.get_loading_progress(db, collection, {partition});
  if (!progress) {
    return fail(in_collection(std::move(progress).error(), "loading progress of partition " + partition, db,
                              collection));
  }
  return std::string(load_state_of(*progress));
}

}  // namespace

Result<meta::CollectionBackupInfo> read_collection(milvus::MilvusClient& client, const std::string& db,
                                                   const std::string& collection, const std::string& task_id) {
  auto described = client.describe_collection(db, collection);
  if (!described) return fail(in_collection(std::move(described).error(), "describe collection", db, collection));
  auto indexes = client.describe_index(db, collection);
  if (!indexes) return fail(in_collection(std::move(indexes).error(), "describe index", db, collection));
  auto progress = client.get_loading_progress(db, collection);
  if (!progress) return fail(in_collection(std::move(progress).error(), "loading progress", db, collection));
  auto partitions = client.show_partitions(db, collection);
  if (!partitions) return fail(in_collection(std::move(partitions).error(), "show partitions", db, collection));

  meta::CollectionBackupInfo out;
  out.id = task_id;
  out.collection_id = described->id;
  // Servers without databases answer with no db name; the backup says "default" as the Go tool does.
  out.db_name = described->db_name.empty() ? db : described->db_name;
  out.collection_name = described->name.empty() ? collection : described->name;
  out.schema = to_backup_schema(described->schema);
  out.shards_num = described->shards_num;
  out.consistency_level = static_cast<meta::ConsistencyLevel>(described->consistency_level);
  out.load_state = std::string(load_state_of(*progress));
  for (const auto& partition : *partitions) {
    MB_TRY(state, partition_load_state(client, db, collection, partition.name, out.load_state));
    out.partition_backups.push_back({.partition_id = partition.id,
                                     .partition_name = partition.name,
                                     .collection_id = described->id,
                                     .segment_backups = {},
                                     .size = 0,
                                     .load_state = std::move(state)});
  }
  for (const auto& index : *indexes) out.index_infos.push_back(to_backup_index(index));
  out.has_index = !out.index_infos.empty();
  out.properties = to_backup_pairs(described->properties);
  out.db_id = described->db_id;
  out.created_timestamp = described->created_timestamp;
  out.virtual_channel_names = described->virtual_channels;
  out.physical_channel_names = described->physical_channels;
  out.aliases = described->aliases;
  spdlog::info("read collection {}.{}: id {}, {} partitions, {} indexes, {}", out.db_name, out.collection_name,
               out.collection_id, out.partition_backups.size(), out.index_infos.size(), out.load_state);
  return out;
}

}  // namespace mb::backup
