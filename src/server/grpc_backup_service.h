// The gRPC BackupService (proto/backup_service.proto): each call checks the bearer token, then
// translates to milvus_backup::Service calls and back.
#pragma once

#include <string>

#include "backup_service.grpc.pb.h"
#include "milvus_backup/service.h"

namespace mb::server {

class BackupService final : public ::milvus_backup::v1::BackupService::Service {
 public:
  // With an empty `auth_token`, calls need no token.
  BackupService(milvus_backup::Service& service, std::string auth_token)
      : service_(service), auth_token_(std::move(auth_token)) {}

  grpc::Status Create(grpc::ServerContext* context, const ::milvus_backup::v1::CreateRequest* request,
                      ::milvus_backup::v1::Job* response) override;
  grpc::Status List(grpc::ServerContext* context, const ::milvus_backup::v1::ListRequest* request,
                    ::milvus_backup::v1::ListResponse* response) override;
  grpc::Status Get(grpc::ServerContext* context, const ::milvus_backup::v1::GetRequest* request,
                   ::milvus_backup::v1::Backup* response) override;
  grpc::Status Delete(grpc::ServerContext* context, const ::milvus_backup::v1::DeleteRequest* request,
                      ::milvus_backup::v1::DeleteResponse* response) override;
  grpc::Status Restore(grpc::ServerContext* context, const ::milvus_backup::v1::RestoreRequest* request,
                       ::milvus_backup::v1::Job* response) override;
  grpc::Status GetRestore(grpc::ServerContext* context, const ::milvus_backup::v1::GetRestoreRequest* request,
                          ::milvus_backup::v1::Job* response) override;
  grpc::Status Verify(grpc::ServerContext* context, const ::milvus_backup::v1::VerifyRequest* request,
                      ::milvus_backup::v1::Job* response) override;
  grpc::Status GetVerify(grpc::ServerContext* context, const ::milvus_backup::v1::GetVerifyRequest* request,
                         ::milvus_backup::v1::Job* response) override;
  grpc::Status Check(grpc::ServerContext* context, const ::milvus_backup::v1::CheckRequest* request,
                     ::milvus_backup::v1::CheckResponse* response) override;
  grpc::Status Cancel(grpc::ServerContext* context, const ::milvus_backup::v1::CancelRequest* request,
                      ::milvus_backup::v1::Job* response) override;
  grpc::Status WatchJob(grpc::ServerContext* context, const ::milvus_backup::v1::WatchJobRequest* request,
                        grpc::ServerWriter<::milvus_backup::v1::Job>* writer) override;

 private:
  // OK, or UNAUTHENTICATED when a token is required and the call's is missing or wrong.
  grpc::Status authorize(const grpc::ServerContext& context) const;
  // Blocks until the job has ended or the call is cancelled (the client left or the server stops).
  grpc::Status wait_for_end(grpc::ServerContext& context, api::JobKind kind, const std::string& id,
                            ::milvus_backup::v1::Job* response);
  // The started job, or once it has ended when the caller asked to wait.
  grpc::Status answer_started(grpc::ServerContext& context, const Result<api::JobRecord>& started, bool wait,
                              ::milvus_backup::v1::Job* response);

  milvus_backup::Service& service_;
  std::string auth_token_;
};

}  // namespace mb::server
