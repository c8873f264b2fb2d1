// Which databases and collections a backup covers: the --filter rules resolved against what the
// server has, as the Go tool resolves them (task.listDBAndNSS), plus each database's own meta.
#pragma once

#include <string>
#include <vector>

#include "meta/backup_model.h"
#include "meta/collection_filter.h"
#include "milvus/milvus_client.h"
#include "util/error.h"

namespace mb::backup {

struct CollectionRef {
  std::string db{};
  std::string name{};
  bool operator==(const CollectionRef&) const = default;
};

struct BackupScope {
  std::vector<std::string> databases{};  // every database named, including "db." rules without collections
  std::vector<CollectionRef> collections{};
};

// No filter: every database (just "default" on a server without databases) and all its
// collections. With a filter: "db.*" lists the database's collections, "db.coll" and "coll" must
// exist, "db." takes the database alone. A database or collection the server does not have is
// Error(kNotFound) naming it.
Result<BackupScope> resolve_scope(milvus::MilvusClient& client, const meta::CollectionFilter& filter);

// DatabaseBackupInfo of each database: its id and properties where the server can describe
// databases (2.4.3+), the name alone otherwise. An encrypted database is refused: its key would
// have to come from Milvus's management API, which this tool does not call.
Result<std::vector<meta::DatabaseBackupInfo>> read_databases(milvus::MilvusClient& client,
                                                             const std::vector<std::string>& databases);

}  // namespace mb::backup
