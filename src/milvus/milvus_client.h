// The Milvus operations backup and restore need, behind an interface so that their logic can be
// tested against a fake. GrpcMilvusClient is the real one.
//
// `db` names the database of a call; empty means the server's default ("default"). Every failure
// is an Error: kMilvus when Milvus answered with a non-success status (context: rpc, db,
// collection, milvus_code, error_code), kUnavailable when the server could not be reached,
// kTimeout when a call ran past its deadline, kPermissionDenied when the credentials were refused.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "milvus/milvus_types.h"
#include "milvus/server_version.h"
#include "util/error.h"

namespace mb::milvus {

class MilvusClient {
 public:
  virtual ~MilvusClient() = default;

  virtual const ServerInfo& server() const = 0;

  // The version string as the server reports it now (GetVersion).
  virtual Result<std::string> get_version() = 0;

  // {"default"} from a server without databases (ListDatabases unimplemented).
  virtual Result<std::vector<std::string>> list_databases() = 0;
  virtual Status create_database(const std::string& db) = 0;
  // Needs Feature::kDescribeDatabase (2.4.3+).
  virtual Result<DatabaseDescription> describe_database(const std::string& db) = 0;

  virtual Result<std::vector<CollectionListing>> show_collections(const std::string& db) = 0;
  virtual Result<bool> has_collection(const std::string& db, const std::string& collection) = 0;
  virtual Result<CollectionDescription> describe_collection(const std::string& db, const std::string& collection) = 0;
  virtual Status create_collection(const CreateCollectionSpec& spec) = 0;
  virtual Status drop_collection(const std::string& db, const std::string& collection) = 0;
  // Renames within `db` (newDBName set to it: Milvus 2.3 moves a collection renamed without one
  // into "default").
  virtual Status rename_collection(const std::string& db, const std::string& from, const std::string& to) = 0;
  // GetCollectionStatistics' row_count: rows of every segment, growing ones included, deletes not
  // subtracted.
  virtual Result<int64_t> collection_row_count(const std::string& db, const std::string& collection) = 0;

  virtual Result<std::vector<PartitionInfo>> show_partitions(const std::string& db, const std::string& collection) = 0;
  virtual Result<bool> has_partition(const std::string& db, const std::string& collection,
                                     const std::string& partition) = 0;
  virtual Status create_partition(const std::string& db, const std::string& collection,
                                  const std::string& partition) = 0;

  // Every index of the collection; empty when it has none.
  virtual Result<std::vector<IndexInfo>> describe_index(const std::string& db, const std::string& collection) = 0;
  virtual Status create_index(const CreateIndexSpec& spec) = 0;
  virtual Status drop_index(const std::string& db, const std::string& collection, const std::string& index_name) = 0;

  // Percent loaded, of the whole collection or of the named partitions.
  virtual Result<int64_t> get_loading_progress(const std::string& db, const std::string& collection,
                                               const std::vector<std::string>& partitions = {}) = 0;

  virtual Result<common_pb::LoadState> get_load_state(const std::string& db, const std::string& collection) = 0;
  // Asks Milvus to load; poll get_load_state until kLoaded. Needs an index on every vector field.
  virtual Status load_collection(const std::string& db, const std::string& collection) = 0;
  virtual Status release_collection(const std::string& db, const std::string& collection) = 0;

  // The columns of the matching rows; the collection must be loaded.
  virtual Result<std::vector<schema_pb::FieldData>> query(const QuerySpec& spec) = 0;
  virtual Result<SearchHits> search(const SearchSpec& spec) = 0;

  // Seals the collection's growing segments; poll get_flush_state until they are flushed.
  virtual Result<FlushResult> flush(const std::string& db, const std::string& collection) = 0;
  virtual Result<bool> get_flush_state(const std::string& db, const std::string& collection,
                                       const std::vector<int64_t>& segment_ids, uint64_t flush_ts) = 0;
  virtual Result<std::vector<SegmentInfo>> get_persistent_segment_info(const std::string& db,
                                                                       const std::string& collection) = 0;

  // Starts a bulk import; returns its task id for get_import_state.
  virtual Result<int64_t> import(const ImportSpec& spec) = 0;
  virtual Result<ImportTaskState> get_import_state(int64_t task_id) = 0;
};

}  // namespace mb::milvus
