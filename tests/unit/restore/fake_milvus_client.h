// A MilvusClient that records the calls the restore (and gc) makes and answers from scripted state.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "milvus/milvus_client.h"

namespace mb::restore::testing {

// A collection's rows as the fake's Query answers them: `columns` for any row query (whatever the
// filter), `counts` by partition for count(*), `hits` for every Search.
struct FakeTable {
  std::vector<milvus::schema_pb::FieldData> columns;
  std::map<std::string, int64_t> counts;
  milvus::SearchHits hits;
  std::vector<milvus::IndexInfo> indexes;
  milvus::common_pb::LoadState state = milvus::common_pb::LoadStateNotLoad;
};

class FakeMilvusClient : public milvus::MilvusClient {
 public:
  FakeMilvusClient() { info_.version = {2, 3, 5}; }

  const milvus::ServerInfo& server() const override { return info_; }
  Result<std::string> get_version() override { return std::string("v2.3.5"); }
  Result<std::vector<std::string>> list_databases() override { return databases; }
  Status create_database(const std::string& db) override {
    record("create_database " + db);
    databases.push_back(db);
    return {};
  }
  Result<milvus::DatabaseDescription> describe_database(const std::string&) override { return unsupported(); }
  Result<std::vector<milvus::CollectionListing>> show_collections(const std::string& db) override {
    if (show_collections_error) return fail(*show_collections_error);
    std::vector<milvus::CollectionListing> listed;
    for (const auto& qualified : collections) {
      if (!qualified.starts_with(db + ".")) continue;
      const auto created = created_timestamps.find(qualified);
      listed.push_back({.name = qualified.substr(db.size() + 1),
                        .created_timestamp = created == created_timestamps.end() ? 0 : created->second});
    }
    return listed;
  }
  Result<bool> has_collection(const std::string& db, const std::string& c) override {
    return collections.contains(db + "." + c);
  }
  Result<milvus::CollectionDescription> describe_collection(const std::string&, const std::string&) override {
    return unsupported();
  }
  Status create_collection(const milvus::CreateCollectionSpec& spec) override {
    record("create_collection " + spec.db + "." + spec.schema.name());
    created.push_back(spec);
    if (!create_collection_error.empty()) return fail(ErrorCode::kMilvus, create_collection_error);
    collections.insert(spec.db + "." + spec.schema.name());
    return {};
  }
  Status drop_collection(const std::string& db, const std::string& c) override {
    record("drop_collection " + db + "." + c);
    collections.erase(db + "." + c);
    return {};
  }
  Status rename_collection(const std::string& db, const std::string& from, const std::string& to) override {
    record("rename_collection " + db + "." + from + " " + to);
    if (collections.erase(db + "." + from) == 0) return fail(ErrorCode::kMilvus, "no collection " + from);
    collections.insert(db + "." + to);
    return {};
  }
  Result<int64_t> collection_row_count(const std::string& db, const std::string& c) override {
    auto it = row_counts.find(db + "." + c);
    return it == row_counts.end() ? int64_t{0} : it->second;
  }
  Result<std::vector<milvus::PartitionInfo>> show_partitions(const std::string&, const std::string&) override {
    return partitions;
  }
  Result<bool> has_partition(const std::string&, const std::string&, const std::string& p) override {
    return p == "_default";
  }
  Status create_partition(const std::string&, const std::string&, const std::string& p) override {
    record("create_partition " + p);
    return {};
  }
  Result<std::vector<milvus::IndexInfo>> describe_index(const std::string& db, const std::string& c) override {
    if (auto* table = find_table(db, c)) return table->indexes;
    return existing_indexes;
  }
  Status create_index(const milvus::CreateIndexSpec& spec) override {
    record("create_index " + spec.field_name);
    if (auto* table = find_table(spec.db, spec.collection)) {
      table->indexes.push_back({.index_name = spec.index_name, .field_name = spec.field_name, .params = spec.params});
    }
    return {};
  }
  Status drop_index(const std::string& db, const std::string& c, const std::string& name) override {
    record("drop_index " + name);
    if (auto* table = find_table(db, c)) {
      std::erase_if(table->indexes, [&](const milvus::IndexInfo& index) { return index.index_name == name; });
    }
    return {};
  }
  Result<int64_t> get_loading_progress(const std::string&, const std::string&,
                                       const std::vector<std::string>&) override {
    return unsupported();
  }
  Result<milvus::common_pb::LoadState> get_load_state(const std::string& db, const std::string& c) override {
    return table(db, c).state;
  }
  Status load_collection(const std::string& db, const std::string& c) override {
    record("load " + db + "." + c);
    table(db, c).state = milvus::common_pb::LoadStateLoaded;
    return {};
  }
  Status release_collection(const std::string& db, const std::string& c) override {
    record("release " + db + "." + c);
    table(db, c).state = milvus::common_pb::LoadStateNotLoad;
    return {};
  }
  Result<std::vector<milvus::schema_pb::FieldData>> query(const milvus::QuerySpec& spec) override {
    FakeTable& rows = table(spec.db, spec.collection);
    if (spec.output_fields != std::vector<std::string>{"count(*)"}) return rows.columns;
    milvus::schema_pb::FieldData count;
    count.set_field_name("count(*)");
    int64_t total = 0;
    for (const auto& [partition, n] : rows.counts) {
      if (spec.partitions.empty() || spec.partitions.front() == partition) total += n;
    }
    count.mutable_scalars()->mutable_long_data()->add_data(total);
    return std::vector<milvus::schema_pb::FieldData>{count};
  }
  Result<milvus::SearchHits> search(const milvus::SearchSpec& spec) override {
    record("search " + spec.db + "." + spec.collection + " " + spec.params);
    return table(spec.db, spec.collection).hits;
  }
  Result<milvus::FlushResult> flush(const std::string&, const std::string&) override { return unsupported(); }
  Result<bool> get_flush_state(const std::string&, const std::string&, const std::vector<int64_t>&,
                               uint64_t) override {
    return unsupported();
  }
  Result<std::vector<milvus::SegmentInfo>> get_persistent_segment_info(const std::string&,
                                                                       const std::string&) override {
    return segments;
  }
  Result<int64_t> import(const milvus::ImportSpec& spec) override {
    std::lock_guard lock(mutex_);
    imports.push_back(spec);
    return static_cast<int64_t>(imports.size());
  }
  Result<milvus::ImportTaskState> get_import_state(int64_t task_id) override {
    std::lock_guard lock(mutex_);
    auto it = import_states.find(task_id);
    if (it != import_states.end()) return it->second;
    return milvus::ImportTaskState{.state = milvus::common_pb::ImportCompleted, .row_count = 10};
  }

  std::vector<std::string> calls;
  std::vector<std::string> databases{"default"};
  std::set<std::string> collections;                  // "db.collection"
  std::map<std::string, uint64_t> created_timestamps;  // hybrid, by "db.collection"; 0 when absent
  std::optional<Error> show_collections_error;
  std::vector<milvus::CreateCollectionSpec> created;
  std::string create_collection_error;
  std::vector<milvus::IndexInfo> existing_indexes;
  std::vector<milvus::PartitionInfo> partitions;
  std::vector<milvus::SegmentInfo> segments;
  std::vector<milvus::ImportSpec> imports;
  std::map<int64_t, milvus::ImportTaskState> import_states;
  std::map<std::string, FakeTable> tables;  // by "db.collection"
  std::map<std::string, int64_t> row_counts;  // by "db.collection"; 0 when absent

 private:
  void record(std::string call) {
    std::lock_guard lock(mutex_);
    calls.push_back(std::move(call));
  }
  FakeTable* find_table(const std::string& db, const std::string& c) {
    auto it = tables.find(db + "." + c);
    return it == tables.end() ? nullptr : &it->second;
  }
  FakeTable& table(const std::string& db, const std::string& c) { return tables[db + "." + c]; }
  static std::unexpected<Error> unsupported() { return fail(ErrorCode::kInternal, "not used by restore"); }

  milvus::ServerInfo info_;
  std::mutex mutex_;
};

}  // namespace mb::restore::testing
