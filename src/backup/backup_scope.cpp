#include "backup/backup_scope.h"

#include <algorithm>

#include "backup/schema_conversion.h"

namespace mb::backup {
namespace {

Result<std::vector<CollectionRef>> collections_of(milvus::MilvusClient& client, const std::string& db) {
  auto listed = client.show_collections(db);
  if (!listed) return fail(wrap(std::move(listed).error(), "list collections of database " + db).with("db", db));
  std::vector<CollectionRef> out;
  for (const auto& collection : *listed) out.push_back({db, collection.name});
  return out;
}

Status require_collection(milvus::MilvusClient& client, const std::string& db, const std::string& collection) {
  auto exists = client.has_collection(db, collection);
  if (!exists) {
    return fail(wrap(std::move(exists).error(), "check collection " + db + "." + collection)
                    .with("db", db)
                    .with("collection", collection));
  }
  if (!*exists) {
    return fail(Error(ErrorCode::kNotFound, "filter collection " + db + "." + collection + " not found in milvus")
                    .with("db", db)
                    .with("collection", collection));
  }
  return {};
}

bool is_encrypted(const milvus::KeyValues& properties) {
  return !milvus::find_value(properties, "cipher.ezID").empty() && !milvus::find_value(properties, "cipher.key").empty();
}

}  // namespace

Result<BackupScope> resolve_scope(milvus::MilvusClient& client, const meta::CollectionFilter& filter) {
  auto existing = client.list_databases();
  if (!existing) return fail(wrap(std::move(existing).error(), "list databases"));

  BackupScope scope;
  if (filter.databases.empty()) {
    for (const auto& db : *existing) {
      MB_TRY(collections, collections_of(client, db));
      scope.databases.push_back(db);
      scope.collections.insert(scope.collections.end(), collections.begin(), collections.end());
    }
    return scope;
  }

  for (const auto& [db, rule] : filter.databases) {
    if (std::find(existing->begin(), existing->end(), db) == existing->end()) {
      return fail(Error(ErrorCode::kNotFound, "filter database " + db + " not found in milvus").with("db", db));
    }
    scope.databases.push_back(db);
    if (rule.all_collections) {
      MB_TRY(collections, collections_of(client, db));
      scope.collections.insert(scope.collections.end(), collections.begin(), collections.end());
      continue;
    }
    for (const auto& collection : rule.collections) {
      MB_CHECK(require_collection(client, db, collection));
      scope.collections.push_back({db, collection});
    }
  }
  return scope;
}

Result<std::vector<meta::DatabaseBackupInfo>> read_databases(milvus::MilvusClient& client,
                                                             const std::vector<std::string>& databases) {
  std::vector<meta::DatabaseBackupInfo> out;
  const bool can_describe = client.server().supports(milvus::Feature::kDescribeDatabase);
  for (const auto& db : databases) {
    meta::DatabaseBackupInfo info{.db_name = db, .db_id = 0, .properties = {}, .ezk = {}};
    if (can_describe) {
      auto described = client.describe_database(db);
      if (!described) return fail(wrap(std::move(described).error(), "describe database " + db).with("db", db));
      if (is_encrypted(described->properties)) {
        return fail(Error(ErrorCode::kInvalidArgument,
                          "database " + db + " is encrypted (cipher.ezID): backing up its encryption-zone key "
                          "is not supported")
                        .with("db", db));
      }
      info.db_id = described->id;
      info.properties = to_backup_pairs(described->properties);
    }
    out.push_back(std::move(info));
  }
  return out;
}

}  // namespace mb::backup
