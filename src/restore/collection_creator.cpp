#include "restore/collection_creator.h"

#include <algorithm>
#include <cctype>

#include "restore/schema_to_proto.h"

namespace mb::restore {
namespace {

// Milvus refuses index names like the JSON-path ones newer versions generate; the Go restore blanks
// them and lets Milvus name the index.
bool is_valid_index_name(const std::string& name) {
  if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

Error with_target(Error error, const CollectionTask& task, std::string_view step) {
  return wrap(std::move(error), step).with("target", task.target_label());
}

int64_t partition_key_partitions(const CollectionTask& task) {
  const auto& fields = task.source.schema->fields;
  const bool has_partition_key =
      std::any_of(fields.begin(), fields.end(), [](const meta::FieldSchema& f) { return f.is_partition_key; });
  return has_partition_key ? static_cast<int64_t>(task.source.partition_backups.size()) : 0;
}

Status create_collection(milvus::MilvusClient& client, const CollectionTask& task) {
  MB_TRY(schema, to_milvus_schema(*task.source.schema, task.target_collection));
  milvus::CreateCollectionSpec spec{
      .db = task.target_db,
      .schema = std::move(schema),
      .shards_num = task.source.shards_num,
      .consistency_level = static_cast<milvus::common_pb::ConsistencyLevel>(task.source.consistency_level),
      .properties = to_key_values(task.source.properties),
      .num_partitions = partition_key_partitions(task)};
  auto created = client.create_collection(spec);
  if (!created) return fail(with_target(std::move(created).error(), task, "create collection"));
  return {};
}

Status drop_indexes(milvus::MilvusClient& client, const CollectionTask& task) {
  auto indexes = client.describe_index(task.target_db, task.target_collection);
  if (!indexes) return fail(with_target(std::move(indexes).error(), task, "describe index"));
  for (const auto& index : *indexes) {
    auto dropped = client.drop_index(task.target_db, task.target_collection, index.index_name);
    if (!dropped) return fail(with_target(std::move(dropped).error(), task, "drop index " + index.index_name));
  }
  return {};
}

Status create_partitions(milvus::MilvusClient& client, const CollectionTask& task) {
  for (const auto& partition : task.partitions) {
    auto exists = client.has_partition(task.target_db, task.target_collection, partition);
    if (!exists) return fail(with_target(std::move(exists).error(), task, "has partition " + partition));
    if (*exists) continue;
    auto created = client.create_partition(task.target_db, task.target_collection, partition);
    if (!created) return fail(with_target(std::move(created).error(), task, "create partition " + partition));
  }
  return {};
}

}  // namespace

Status ensure_databases(milvus::MilvusClient& client, const std::vector<std::string>& databases) {
  MB_TRY(existing, client.list_databases());
  for (const auto& db : databases) {
    if (std::find(existing.begin(), existing.end(), db) != existing.end()) continue;
    if (!client.server().supports(milvus::Feature::kMultiDatabase)) {
      return fail(Error(ErrorCode::kInvalidArgument, "the target Milvus has no databases besides \"default\"")
                      .with("database", db));
    }
    auto created = client.create_database(db);
    if (!created) return fail(wrap(std::move(created).error(), "create database " + db));
  }
  return {};
}

Status check_target(milvus::MilvusClient& client, const CollectionTask& task, const RestoreOptions& options) {
  auto exists = client.has_collection(task.target_db, task.target_collection);
  if (!exists) return fail(with_target(std::move(exists).error(), task, "has collection"));
  if (*exists && !options.skip_create_collection && !options.drop_exist_collection) {
    return fail(Error(ErrorCode::kAlreadyExists,
                      "the target collection already exists; restore under another name (--suffix/--rename) or "
                      "replace it (--drop_exist_collection)")
                    .with("target", task.target_label()));
  }
  if (!*exists && options.skip_create_collection) {
    return fail(Error(ErrorCode::kNotFound, "the target collection does not exist, and --skip_create_collection "
                                            "asks not to create it")
                    .with("target", task.target_label()));
  }
  return {};
}

std::vector<milvus::CreateIndexSpec> index_specs(const CollectionTask& task, bool use_auto_index) {
  std::vector<milvus::CreateIndexSpec> vector_indexes;
  std::vector<milvus::CreateIndexSpec> scalar_indexes;
  const auto& fields = task.source.schema->fields;
  for (const auto& index : task.source.index_infos) {
    const auto field = std::find_if(fields.begin(), fields.end(),
                                    [&](const meta::FieldSchema& f) { return f.name == index.field_name; });
    const bool is_vector = field != fields.end() && meta::is_vector(field->data_type);
    milvus::CreateIndexSpec spec{.db = task.target_db, .collection = task.target_collection,
                                 .field_name = index.field_name, .index_name = index.index_name};
    if (is_vector && use_auto_index) {
      spec.params.emplace_back("index_type", "AUTOINDEX");
      auto metric = index.params.find("metric_type");
      if (metric != index.params.end()) spec.params.emplace_back("metric_type", metric->second);
    } else {
      for (const auto& [key, value] : index.params) {
        // Milvus renamed the scalar index type; it only accepts the new name.
        spec.params.emplace_back(key, key == "index_type" && value == "marisa-trie" ? "Trie" : value);
      }
    }
    if (is_vector) {
      vector_indexes.push_back(std::move(spec));
    } else {
      if (!is_valid_index_name(spec.index_name)) spec.index_name.clear();
      scalar_indexes.push_back(std::move(spec));
    }
  }
  for (auto& spec : scalar_indexes) vector_indexes.push_back(std::move(spec));
  return vector_indexes;
}

Status create_collection_ddl(milvus::MilvusClient& client, const CollectionTask& task, const RestoreOptions& options) {
  if (options.drop_exist_collection) {
    auto exists = client.has_collection(task.target_db, task.target_collection);
    if (!exists) return fail(with_target(std::move(exists).error(), task, "has collection"));
    if (*exists) {
      auto dropped = client.drop_collection(task.target_db, task.target_collection);
      if (!dropped) return fail(with_target(std::move(dropped).error(), task, "drop collection"));
    }
  }
  if (!options.skip_create_collection) MB_CHECK(create_collection(client, task));
  if (options.drop_exist_index) MB_CHECK(drop_indexes(client, task));
  if (options.rebuild_index) {
    for (const auto& spec : index_specs(task, options.use_auto_index)) {
      auto created = client.create_index(spec);
      if (!created) return fail(with_target(std::move(created).error(), task, "create index on " + spec.field_name));
    }
  }
  return create_partitions(client, task);
}

}  // namespace mb::restore
