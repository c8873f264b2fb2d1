// A MilvusClient over in-memory collections, for testing the backup logic without a server. Only
// the calls a backup makes are answered; the restore calls fail with kInternal.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "milvus/milvus_client.h"

namespace mb::backup::testing {

struct FakeCollection {
  milvus::CollectionDescription description;
  std::vector<milvus::PartitionInfo> partitions;
  std::vector<milvus::IndexInfo> indexes;
  int64_t loading_percent = 0;
  std::map<std::string, int64_t> partition_loading_percent;  // by partition name
  std::vector<milvus::SegmentInfo> segments;
  milvus::FlushResult flush;
  int flush_state_polls_until_done = 0;  // GetFlushState answers false this many times first
};

class FakeMilvusClient : public milvus::MilvusClient {
 public:
  FakeMilvusClient() { info_.version_text = "v2.3.5"; info_.version = {2, 3, 5}; }

  // Adds a collection (description.name, db) with one _default partition unless partitions are given.
  FakeCollection& add_collection(const std::string& db, FakeCollection collection);
  void add_database(const std::string& db) { databases_.insert(db); }
  milvus::ServerInfo& server_info() { return info_; }
  // The next `times` calls of `rpc` fail with `error`; every later one with times < 0.
  void fail_rpc(const std::string& rpc, Error error, int times = -1);

  std::atomic<int> flush_calls{0};
  std::atomic<int> flush_state_calls{0};

  const milvus::ServerInfo& server() const override { return info_; }
  Result<std::string> get_version() override;
  Result<std::vector<std::string>> list_databases() override;
  Status create_database(const std::string& db) override;
  Result<milvus::DatabaseDescription> describe_database(const std::string& db) override;
  Result<std::vector<milvus::CollectionListing>> show_collections(const std::string& db) override;
  Result<bool> has_collection(const std::string& db, const std::string& collection) override;
  Result<milvus::CollectionDescription> describe_collection(const std::string& db,
                                                            const std::string& collection) override;
  Status create_collection(const milvus::CreateCollectionSpec& spec) override;
  Status drop_collection(const std::string& db, const std::string& collection) override;
  Status rename_collection(const std::string& db, const std::string& from, const std::string& to) override;
  Result<int64_t> collection_row_count(const std::string& db, const std::string& collection) override;
  Result<std::vector<milvus::PartitionInfo>> show_partitions(const std::string& db,
                                                             const std::string& collection) override;
  Result<bool> has_partition(const std::string& db, const std::string& collection,
                             const std::string& partition) override;
  Status create_partition(const std::string& db, const std::string& collection,
                          const std::string& partition) override;
  Result<std::vector<milvus::IndexInfo>> describe_index(const std::string& db, const std::string& collection) override;
  Status create_index(const milvus::CreateIndexSpec& spec) override;
  Status drop_index(const std::string& db, const std::string& collection, const std::string& index_name) override;
  Result<int64_t> get_loading_progress(const std::string& db, const std::string& collection,
                                       const std::vector<std::string>& partitions) override;
  Result<milvus::common_pb::LoadState> get_load_state(const std::string& db, const std::string& collection) override;
  Status load_collection(const std::string& db, const std::string& collection) override;
  Status release_collection(const std::string& db, const std::string& collection) override;
  Result<std::vector<milvus::schema_pb::FieldData>> query(const milvus::QuerySpec& spec) override;
  Result<milvus::SearchHits> search(const milvus::SearchSpec& spec) override;
  Result<milvus::FlushResult> flush(const std::string& db, const std::string& collection) override;
  Result<bool> get_flush_state(const std::string& db, const std::string& collection,
                               const std::vector<int64_t>& segment_ids, uint64_t flush_ts) override;
  Result<std::vector<milvus::SegmentInfo>> get_persistent_segment_info(const std::string& db,
                                                                       const std::string& collection) override;
  Result<int64_t> import(const milvus::ImportSpec& spec) override;
  Result<milvus::ImportTaskState> get_import_state(int64_t task_id) override;

 private:
  Result<FakeCollection*> find(const std::string& rpc, const std::string& db, const std::string& collection);

  milvus::ServerInfo info_;
  mutable std::mutex mutex_;
  std::set<std::string> databases_{"default"};
  std::map<std::string, std::map<std::string, FakeCollection>> collections_;  // db -> name -> collection
  std::vector<std::string> collection_order_;                                 // "db.name", as added
  struct Failure {
    Error error;
    int remaining;  // < 0: forever
  };
  std::optional<Error> take_failure(const std::string& rpc);

  std::map<std::string, Failure> failures_;
};

}  // namespace mb::backup::testing
