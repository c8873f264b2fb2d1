// A scriptable MilvusService on an in-process gRPC server: it records what each call carried
// (metadata, request) and answers with canned responses, scripted gRPC failures, Milvus error
// statuses or delays. Stands in for Milvus where a test needs a server's side of the wire.
#pragma once

#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <grpcpp/server_context.h>

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "milvus/milvus.grpc.pb.h"

namespace mb::milvus::testing {

namespace common_pb = ::milvus::proto::common;
namespace milvus_pb = ::milvus::proto::milvus;

class FakeMilvusService final : public milvus_pb::MilvusService::Service {
 public:
  struct Seen {
    std::string rpc;
    std::multimap<std::string, std::string> metadata;  // client metadata, gRPC's own headers included
    std::string request;                                // serialized
  };

  // What `rpc` answers from now on (its status included); an empty OK response until set.
  template <typename Response>
  void answer(const std::string& rpc, const Response& response) {
    std::lock_guard lock(mutex_);
    canned_[rpc] = response.SerializeAsString();
  }
  // The next `times` calls of `rpc` fail with `status` (times < 0: every call).
  void fail(const std::string& rpc, grpc::Status status, int times = -1) {
    std::lock_guard lock(mutex_);
    failures_[rpc].push_back({std::move(status), times});
  }
  // The next call of `rpc` answers with this Milvus status in place of the canned one's.
  void reject(const std::string& rpc, common_pb::Status status) {
    std::lock_guard lock(mutex_);
    rejections_[rpc].push_back(std::move(status));
  }
  void delay(const std::string& rpc, std::chrono::milliseconds pause) {
    std::lock_guard lock(mutex_);
    delays_[rpc] = pause;
  }

  std::vector<Seen> seen(const std::string& rpc) const {
    std::lock_guard lock(mutex_);
    std::vector<Seen> out;
    for (const auto& call : seen_) {
      if (call.rpc == rpc) out.push_back(call);
    }
    return out;
  }
  // The last request `rpc` received, parsed.
  template <typename Request>
  Request last_request(const std::string& rpc) const {
    Request request;
    const auto calls = seen(rpc);
    if (!calls.empty()) request.ParseFromString(calls.back().request);
    return request;
  }

#define MB_FAKE_RPC(Rpc, Request, Response)                                                            \
  grpc::Status Rpc(grpc::ServerContext* context, const milvus_pb::Request* request, Response* response) \
      override {                                                                                        \
    return handle(#Rpc, *context, *request, *response);                                                 \
  }
  MB_FAKE_RPC(Connect, ConnectRequest, milvus_pb::ConnectResponse)
  MB_FAKE_RPC(GetVersion, GetVersionRequest, milvus_pb::GetVersionResponse)
  MB_FAKE_RPC(ListDatabases, ListDatabasesRequest, milvus_pb::ListDatabasesResponse)
  MB_FAKE_RPC(CreateDatabase, CreateDatabaseRequest, common_pb::Status)
  MB_FAKE_RPC(DescribeDatabase, DescribeDatabaseRequest, milvus_pb::DescribeDatabaseResponse)
  MB_FAKE_RPC(ShowCollections, ShowCollectionsRequest, milvus_pb::ShowCollectionsResponse)
  MB_FAKE_RPC(HasCollection, HasCollectionRequest, milvus_pb::BoolResponse)
  MB_FAKE_RPC(DescribeCollection, DescribeCollectionRequest, milvus_pb::DescribeCollectionResponse)
  MB_FAKE_RPC(CreateCollection, CreateCollectionRequest, common_pb::Status)
  MB_FAKE_RPC(DropCollection, DropCollectionRequest, common_pb::Status)
  MB_FAKE_RPC(ShowPartitions, ShowPartitionsRequest, milvus_pb::ShowPartitionsResponse)
  MB_FAKE_RPC(HasPartition, HasPartitionRequest, milvus_pb::BoolResponse)
  MB_FAKE_RPC(CreatePartition, CreatePartitionRequest, common_pb::Status)
  MB_FAKE_RPC(DescribeIndex, DescribeIndexRequest, milvus_pb::DescribeIndexResponse)
  MB_FAKE_RPC(CreateIndex, CreateIndexRequest, common_pb::Status)
  MB_FAKE_RPC(DropIndex, DropIndexRequest, common_pb::Status)
  MB_FAKE_RPC(Flush, FlushRequest, milvus_pb::FlushResponse)
  MB_FAKE_RPC(GetFlushState, GetFlushStateRequest, milvus_pb::GetFlushStateResponse)
  MB_FAKE_RPC(GetPersistentSegmentInfo, GetPersistentSegmentInfoRequest, milvus_pb::GetPersistentSegmentInfoResponse)
  MB_FAKE_RPC(GetLoadingProgress, GetLoadingProgressRequest, milvus_pb::GetLoadingProgressResponse)
  MB_FAKE_RPC(GetLoadState, GetLoadStateRequest, milvus_pb::GetLoadStateResponse)
  MB_FAKE_RPC(LoadCollection, LoadCollectionRequest, common_pb::Status)
  MB_FAKE_RPC(ReleaseCollection, ReleaseCollectionRequest, common_pb::Status)
  MB_FAKE_RPC(Query, QueryRequest, milvus_pb::QueryResults)
  MB_FAKE_RPC(Search, SearchRequest, milvus_pb::SearchResults)
  MB_FAKE_RPC(Import, ImportRequest, milvus_pb::ImportResponse)
  MB_FAKE_RPC(GetImportState, GetImportStateRequest, milvus_pb::GetImportStateResponse)
#undef MB_FAKE_RPC

 private:
  struct Failure {
    grpc::Status status;
    int times;
  };

  static void set_status(common_pb::Status& response, const common_pb::Status& status) { response = status; }
  template <typename Response>
  static void set_status(Response& response, const common_pb::Status& status) {
    *response.mutable_status() = status;
  }

  template <typename Request, typename Response>
  grpc::Status handle(const std::string& rpc, const grpc::ServerContext& context, const Request& request,
                      Response& response) {
    std::chrono::milliseconds pause{0};
    {
      std::lock_guard lock(mutex_);
      Seen call{rpc, {}, request.SerializeAsString()};
      for (const auto& [key, value] : context.client_metadata()) {
        call.metadata.emplace(std::string(key.data(), key.size()), std::string(value.data(), value.size()));
      }
      seen_.push_back(std::move(call));
      if (auto it = delays_.find(rpc); it != delays_.end()) pause = it->second;
      if (auto& failures = failures_[rpc]; !failures.empty()) {
        const grpc::Status status = failures.front().status;
        if (failures.front().times > 0 && --failures.front().times == 0) failures.pop_front();
        return status;
      }
      if (auto it = canned_.find(rpc); it != canned_.end()) response.ParseFromString(it->second);
      if (auto& rejections = rejections_[rpc]; !rejections.empty()) {
        set_status(response, rejections.front());
        rejections.pop_front();
      }
    }
    std::this_thread::sleep_for(pause);
    return grpc::Status::OK;
  }

  mutable std::mutex mutex_;
  std::vector<Seen> seen_;
  std::map<std::string, std::string> canned_;
  std::map<std::string, std::deque<Failure>> failures_;
  std::map<std::string, std::deque<common_pb::Status>> rejections_;
  std::map<std::string, std::chrono::milliseconds> delays_;
};

// The service on a server reachable in-process, and over TCP on 127.0.0.1 when given credentials.
class FakeMilvusServer {
 public:
  FakeMilvusServer() : FakeMilvusServer(nullptr) {}
  // Listens on an ephemeral port of 127.0.0.1 with these credentials (TLS tests).
  explicit FakeMilvusServer(std::shared_ptr<grpc::ServerCredentials> credentials) {
    grpc::ServerBuilder builder;
    if (credentials) builder.AddListeningPort("127.0.0.1:0", credentials, &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
  }
  ~FakeMilvusServer() { server_->Shutdown(); }

  FakeMilvusService& service() { return service_; }
  std::shared_ptr<grpc::Channel> channel() { return server_->InProcessChannel(grpc::ChannelArguments()); }
  int port() const { return port_; }

 private:
  FakeMilvusService service_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace mb::milvus::testing
