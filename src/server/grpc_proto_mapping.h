// Between the gRPC messages of proto/backup_service.proto and the public API's types, and from the
// library's errors to gRPC status codes. No logic beyond the translation.
#pragma once

#include <grpcpp/support/status.h>

#include "backup_service.pb.h"
#include "milvus_backup/service.h"

namespace mb::server {

namespace pb = ::milvus_backup::v1;

// The status code a client can act on (NOT_FOUND, ALREADY_EXISTS, INVALID_ARGUMENT, ...), with the
// error's message and context.
grpc::Status to_grpc_status(const Error& error);

pb::Job to_proto(const api::JobRecord& record);
pb::BackupListing to_proto(const api::BackupListing& listing);
// Error when the stored backup's brief cannot be encoded.
Result<pb::Backup> to_proto(const milvus_backup::BackupStatus& status);
pb::CheckResponse to_proto(const api::CheckReport& report);

// JOB_KIND_UNSPECIFIED (or an unknown number) is Error(kInvalidArgument).
Result<api::JobKind> from_proto(pb::JobKind kind);
milvus_backup::CreateRequest from_proto(const pb::CreateRequest& request);
milvus_backup::RestoreRequest from_proto(const pb::RestoreRequest& request);

}  // namespace mb::server
