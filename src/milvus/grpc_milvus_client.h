// MilvusClient over gRPC (MilvusService from proto/milvus/milvus.proto).
//
// Every call carries the authorization/identifier/dbname metadata, runs under a deadline, and is
// retried with backoff when the transport says UNAVAILABLE or RESOURCE_EXHAUSTED or when Milvus
// answers that a rate limit was hit. The client is safe to use from several threads at once.
#pragma once

#include <grpcpp/channel.h>

#include <chrono>
#include <memory>
#include <string>

#include "config/config.h"
#include "milvus/call_metadata.h"
#include "milvus/milvus.grpc.pb.h"
#include "milvus/milvus_client.h"
#include "util/retry.h"

namespace mb::milvus {

struct GrpcClientOptions {
  // Listing and describing; create/drop database, partition, index.
  std::chrono::milliseconds rpc_timeout{std::chrono::seconds(30)};
  // Calls that make Milvus do work before answering: Flush, Create/DropCollection, CreateIndex, Import,
  // Load/ReleaseCollection, Query, Search.
  std::chrono::milliseconds slow_rpc_timeout{std::chrono::minutes(10)};
  // Attempts per call, first one included, for retriable failures only.
  retry::Policy retry{.max_attempts = 7,
                      .initial_backoff = std::chrono::milliseconds(200),
                      .max_backoff = std::chrono::seconds(5)};
};

class GrpcMilvusClient final : public MilvusClient {
 public:
  // Dials milvus.grpc.*, then introduces itself (Connect; tolerated when unimplemented), probes for
  // databases (ListDatabases) and reads the version (build tags, else GetVersion).
  static Result<std::unique_ptr<GrpcMilvusClient>> connect(const config::MilvusConfig& config,
                                                           GrpcClientOptions options = {});
  // The same over a given channel; `address` names the server in errors. Tests use an in-process one.
  static Result<std::unique_ptr<GrpcMilvusClient>> connect(std::shared_ptr<grpc::Channel> channel,
                                                           std::string address,
                                                           const config::MilvusConfig& config,
                                                           GrpcClientOptions options = {});

  const ServerInfo& server() const override { return server_; }
  Result<std::string> get_version() override;

  Result<std::vector<std::string>> list_databases() override;
  Status create_database(const std::string& db) override;
  Result<DatabaseDescription> describe_database(const std::string& db) override;

  Result<std::vector<CollectionListing>> show_collections(const std::string& db) override;
  Result<bool> has_collection(const std::string& db, const std::string& collection) override;
  Result<CollectionDescription> describe_collection(const std::string& db, const std::string& collection) override;
  Status create_collection(const CreateCollectionSpec& spec) override;
  Status drop_collection(const std::string& db, const std::string& collection) override;
  Status rename_collection(const std::string& db, const std::string& from, const std::string& to) override;
  Result<int64_t> collection_row_count(const std::string& db, const std::string& collection) override;

  Result<std::vector<PartitionInfo>> show_partitions(const std::string& db, const std::string& collection) override;
  Result<bool> has_partition(const std::string& db, const std::string& collection,
                             const std::string& partition) override;
  Status create_partition(const std::string& db, const std::string& collection,
                          const std::string& partition) override;

  Result<std::vector<IndexInfo>> describe_index(const std::string& db, const std::string& collection) override;
  Status create_index(const CreateIndexSpec& spec) override;
  Status drop_index(const std::string& db, const std::string& collection, const std::string& index_name) override;

  Result<int64_t> get_loading_progress(const std::string& db, const std::string& collection,
                                       const std::vector<std::string>& partitions = {}) override;
  Result<common_pb::LoadState> get_load_state(const std::string& db, const std::string& collection) override;
  Status load_collection(const std::string& db, const std::string& collection) override;
  Status release_collection(const std::string& db, const std::string& collection) override;

  Result<std::vector<schema_pb::FieldData>> query(const QuerySpec& spec) override;
  Result<SearchHits> search(const SearchSpec& spec) override;

  Result<FlushResult> flush(const std::string& db, const std::string& collection) override;
  Result<bool> get_flush_state(const std::string& db, const std::string& collection,
                               const std::vector<int64_t>& segment_ids, uint64_t flush_ts) override;
  Result<std::vector<SegmentInfo>> get_persistent_segment_info(const std::string& db,
                                                               const std::string& collection) override;

  Result<int64_t> import(const ImportSpec& spec) override;
  Result<ImportTaskState> get_import_state(int64_t task_id) override;

 private:
  using Stub = milvus_pb::MilvusService::Stub;
  template <typename Request, typename Response>
  using Method = grpc::Status (Stub::*)(grpc::ClientContext*, const Request&, Response*);
  // A Milvus status the caller turns into a normal answer instead of an error.
  using Tolerated = bool (*)(const common_pb::Status&);

  struct Call {
    const char* rpc;
    std::string_view db;          // sent as `dbname` when not empty
    std::string_view collection;  // error context only
    std::chrono::milliseconds timeout;
    Tolerated tolerated = nullptr;
  };

  GrpcMilvusClient(std::shared_ptr<grpc::Channel> channel, std::string address, std::string authorization,
                   GrpcClientOptions options);

  Status handshake(const std::string& user);

  template <typename Request, typename Response>
  Result<Response> invoke(const Call& call, Method<Request, Response> method, const Request& request);

  Call metadata_call(const char* rpc, std::string_view db = {}, std::string_view collection = {}) const {
    return Call{rpc, db, collection, options_.rpc_timeout};
  }
  Call slow_call(const char* rpc, std::string_view db, std::string_view collection) const {
    return Call{rpc, db, collection, options_.slow_rpc_timeout};
  }

  std::unique_ptr<Stub> stub_;  // holds the channel
  std::string address_;
  GrpcClientOptions options_;
  CallMetadata metadata_;
  ServerInfo server_;
};

}  // namespace mb::milvus
