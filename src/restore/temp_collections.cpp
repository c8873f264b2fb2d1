#include "restore/temp_collections.h"

#include "restore/restore_journal.h"

namespace mb::restore {

Result<std::vector<TempCollection>> list_temp_collections(milvus::MilvusClient& client) {
  MB_TRY(databases, client.list_databases());
  std::vector<TempCollection> found;
  for (const auto& db : databases) {
    auto listed = client.show_collections(db);
    if (!listed) return fail(wrap(std::move(listed).error(), "list the collections of database " + db));
    for (const auto& collection : *listed) {
      auto restore_id = restore_id_of_temp_collection(collection.name);
      if (!restore_id) continue;
      found.push_back({.db = db,
                       .name = collection.name,
                       .restore_id = std::move(*restore_id),
                       .created_unix = collection.created_timestamp > 0
                                           ? milvus::tso_unix_seconds(collection.created_timestamp)
                                           : 0});
    }
  }
  return found;
}

}  // namespace mb::restore
