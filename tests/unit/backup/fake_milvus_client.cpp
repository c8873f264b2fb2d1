#include "fake_milvus_client.h"

namespace mb::backup::testing {
namespace {

Error not_faked(const char* rpc) { return Error(ErrorCode::kInternal, std::string(rpc) + " is not faked"); }

}  // namespace

FakeCollection& FakeMilvusClient::add_collection(const std::string& db, FakeCollection collection) {
  std::lock_guard lock(mutex_);
  databases_.insert(db);
  collection.description.db_name = db;
  if (collection.partitions.empty()) collection.partitions.push_back({"_default", collection.description.id + 1, 0});
  const auto name = collection.description.name;
  collection_order_.push_back(db + "." + name);
  return collections_[db][name] = std::move(collection);
}

void FakeMilvusClient::fail_rpc(const std::string& rpc, Error error, int times) {
  std::lock_guard lock(mutex_);
  failures_.insert_or_assign(rpc, Failure{std::move(error), times});
}

std::optional<Error> FakeMilvusClient::take_failure(const std::string& rpc) {
  const auto it = failures_.find(rpc);
  if (it == failures_.end() || it->second.remaining == 0) return std::nullopt;
  if (it->second.remaining > 0) --it->second.remaining;
  return it->second.error;
}

Result<FakeCollection*> FakeMilvusClient::find(const std::string& rpc, const std::string& db,
                                               const std::string& collection) {
  if (auto failure = take_failure(rpc)) return fail(*failure);
  const auto by_db = collections_.find(db);
  if (by_db == collections_.end() || !by_db->second.contains(collection)) {
    return fail(Error(ErrorCode::kMilvus, "collection not found").with("collection", collection));
  }
  return &by_db->second.at(collection);
}

Result<std::string> FakeMilvusClient::get_version() {
  std::lock_guard lock(mutex_);
  if (auto failure = take_failure("GetVersion")) return fail(*failure);
  return info_.version_text;
}

Result<std::vector<std::string>> FakeMilvusClient::list_databases() {
  std::lock_guard lock(mutex_);
  if (auto failure = take_failure("ListDatabases")) return fail(*failure);
  return std::vector<std::string>(databases_.begin(), databases_.end());
}

Status FakeMilvusClient::create_database(const std::string&) { return fail(not_faked("CreateDatabase")); }

Result<milvus::DatabaseDescription> FakeMilvusClient::describe_database(const std::string& db) {
  std::lock_guard lock(mutex_);
  if (auto failure = take_failure("DescribeDatabase")) return fail(*failure);
  return milvus::DatabaseDescription{.name = db, .id = 7, .created_timestamp = 0, .properties = {{"k", "v"}}};
}

Result<std::vector<milvus::CollectionListing>> FakeMilvusClient::show_collections(const std::string& db) {
  std::lock_guard lock(mutex_);
  if (auto failure = take_failure("ShowCollections")) return fail(*failure);
  if (!databases_.contains(db)) return fail(Error(ErrorCode::kMilvus, "database not found").with("db", db));
  std::vector<milvus::CollectionListing> out;
  for (const auto& qualified : collection_order_) {
    if (!qualified.starts_with(db + ".")) continue;
    const auto& collection = collections_.at(db).at(qualified.substr(db.size() + 1));
    out.push_back({collection.description.name, collection.description.id, 0});
  }
  return out;
}

Result<bool> FakeMilvusClient::has_collection(const std::string& db, const std::string& collection) {
  std::lock_guard lock(mutex_);
  if (auto failure = take_failure("HasCollection")) return fail(*failure);
  const auto by_db = collections_.find(db);
  return by_db != collections_.end() && by_db->second.contains(collection);
}

Result<milvus::CollectionDescription> FakeMilvusClient::describe_collection(const std::string& db,
                                                                            const std::string& collection) {
  std::lock_guard lock(mutex_);
  MB_TRY(found, find("DescribeCollection", db, collection));
  return found->description;
}

Status FakeMilvusClient::create_collection(const milvus::CreateCollectionSpec&) {
  return fail(not_faked("CreateCollection"));
}
Status FakeMilvusClient::drop_collection(const std::string&, const std::string&) {
  return fail(not_faked("DropCollection"));
}
Status FakeMilvusClient::rename_collection(const std::string&, const std::string&, const std::string&) {
  return fail(not_faked("RenameCollection"));
}
Result<int64_t> FakeMilvusClient::collection_row_count(const std::string&, const std::string&) {
  return fail(not_faked("GetCollectionStatistics"));
}

Result<std::vector<milvus::PartitionInfo>> FakeMilvusClient::show_partitions(const std::string& db,
                                                                             const std::string& collection) {
  std::lock_guard lock(mutex_);
  MB_TRY(found, find("ShowPartitions", db, collection));
  return found->partitions;
}

Result<bool> FakeMilvusClient::has_partition(const std::string&, const std::string&, const std::string&) {
  return fail(not_faked("HasPartition"));
}
Status FakeMilvusClient::create_partition(const std::string&, const std::string&, const std::string&) {
  return fail(not_faked("CreatePartition"));
}

Result<std::vector<milvus::IndexInfo>> FakeMilvusClient::describe_index(const std::string& db,
                                                                        const std::string& collection) {
  std::lock_guard lock(mutex_);
  MB_TRY(found, find("DescribeIndex", db, collection));
  return found->indexes;
}

Status FakeMilvusClient::create_index(const milvus::CreateIndexSpec&) { return fail(not_faked("CreateIndex")); }
Status FakeMilvusClient::drop_index(const std::string&, const std::string&, const std::string&) {
  return fail(not_faked("DropIndex"));
}

Result<int64_t> FakeMilvusClient::get_loading_progress(const std::string& db, const std::string& collection,
                                                       const std::vector<std::string>& partitions) {
  std::lock_guard lock(mutex_);
  MB_TRY(found, find("GetLoadingProgress", db, collection));
  if (partitions.size() == 1) return found->partition_loading_percent.at(partitions[0]);
  return found->loading_percent;
}

Result<milvus::FlushResult> FakeMilvusClient::flush(const std::string& db, const std::string& collection) {
  std::lock_guard lock(mutex_);
  ++flush_calls;
  MB_TRY(found, find("Flush", db, collection));
  return found->flush;
}

Result<bool> FakeMilvusClient::get_flush_state(const std::string& db, const std::string& collection,
                                               const std::vector<int64_t>&, uint64_t) {
  std::lock_guard lock(mutex_);
  ++flush_state_calls;
  MB_TRY(found, find("GetFlushState", db, collection));
  if (found->flush_state_polls_until_done > 0) {
    --found->flush_state_polls_until_done;
    return false;
  }
  return true;
}

Result<std::vector<milvus::SegmentInfo>> FakeMilvusClient::get_persistent_segment_info(const std::string& db,
                                                                                       const std::string& collection) {
  std::lock_guard lock(mutex_);
  MB_TRY(found, find("GetPersistentSegmentInfo", db, collection));
  return found->segments;
}

Result<milvus::common_pb::LoadState> FakeMilvusClient::get_load_state(const std::string&, const std::string&) {
  return fail(not_faked("GetLoadState"));
}
Status FakeMilvusClient::load_collection(const std::string&, const std::string&) {
  return fail(not_faked("LoadCollection"));
}
Status FakeMilvusClient::release_collection(const std::string&, const std::string&) {
  return fail(not_faked("ReleaseCollection"));
}
Result<std::vector<milvus::schema_pb::FieldData>> FakeMilvusClient::query(const milvus::QuerySpec&) {
  return fail(not_faked("Query"));
}
Result<milvus::SearchHits> FakeMilvusClient::search(const milvus::SearchSpec&) { return fail(not_faked("Search")); }
Result<int64_t> FakeMilvusClient::import(const milvus::ImportSpec&) { return fail(not_faked("Import")); }
Result<milvus::ImportTaskState> FakeMilvusClient::get_import_state(int64_t) {
  return fail(not_faked("GetImportState"));
}

}  // namespace mb::backup::testing
