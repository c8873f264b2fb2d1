#include "server/grpc_backup_service.h"

#include <algorithm>
#include <chrono>

#include "server/grpc_proto_mapping.h"
#include "util/bearer_token.h"

namespace mb::server {
namespace {

using namespace std::chrono_literals;

// How often a waiting call looks whether its client is still there.
constexpr auto kWaitTick = 200ms;
constexpr auto kDefaultWatchInterval = 1000ms;
constexpr auto kMinWatchInterval = 50ms;

template <typename T>
grpc::Status respond(Result<T> result, auto&& on_value) {
  if (!result) return to_grpc_status(result.error());
  on_value(*result);
  return grpc::Status::OK;
}

}  // namespace

grpc::Status BackupService::authorize(const grpc::ServerContext& context) const {
  if (auth_token_.empty()) return grpc::Status::OK;
  const auto& metadata = context.client_metadata();
  const auto found = metadata.find("authorization");
  const std::string_view given =
      found == metadata.end() ? std::string_view() : std::string_view(found->second.data(), found->second.size());
  if (bearer_token_matches(given, auth_token_)) return grpc::Status::OK;
  return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "missing or wrong bearer token");
}

grpc::Status BackupService::wait_for_end(grpc::ServerContext& context, api::JobKind kind, const std::string& id,
                                         pb::Job* response) {
  auto watched = service_.watch(kind, id, kWaitTick, [&](const api::JobRecord& record) {
    *response = to_proto(record);
    return !context.IsCancelled();
  });
  if (!watched) return to_grpc_status(watched.error());
  if (context.IsCancelled()) return grpc::Status(grpc::StatusCode::CANCELLED, "the call was cancelled");
  return grpc::Status::OK;
}

grpc::Status BackupService::answer_started(grpc::ServerContext& context, const Result<api::JobRecord>& started,
                                           bool wait, pb::Job* response) {
  if (!started) return to_grpc_status(started.error());
  if (wait) return wait_for_end(context, started->kind, started->id, response);
  *response = to_proto(*started);
  return grpc::Status::OK;
}

grpc::Status BackupService::Create(grpc::ServerContext* context, const pb::CreateRequest* request,
                                   pb::Job* response) {
  if (auto denied = authorize(*context); !denied.ok()) return denied;
  return answer_started(*context, service_.start_create(from_proto(*request)), request->wait(), response);
}

grpc::Status BackupService::List(grpc::ServerContext* context, const pb::ListRequest*, pb::ListResponse* response) {
  if (auto denied = authorize(*context); !denied.ok()) return denied;
  return respond(service_.list_backups(), [&](const auto& listings) {
    for (const auto& listing : listings) *response->add_backups() = to_proto(listing);
  });
}

grpc::Status BackupService::Get(grpc::ServerContext* context, const pb::GetRequest* request, pb::Backup* response) {
  if (auto denied = authorize(*context); !denied.ok()) return denied;
  auto status = service_.describe_backup(request->backup_name(), request->backup_id(), request->root_path());
  if (!status) return to_grpc_status(status.error());
  return respond(to_proto(*status), [&](auto& backup) { *response = std::move(backup); });
}

grpc::Status BackupService::Delete(grpc::ServerContext* context, const pb::DeleteRequest* request,
                                   pb::DeleteResponse* response) {
  if (auto denied = authorize(*context); !denied.ok()) return denied;
  return respond(service_.delete_backup(request->backup_name()),
                 [&](const auto& outcome) { response->set_was_complete(outcome.was_complete); });
}

grpc::Status BackupService::Restore(grpc::ServerContext* context, const pb::RestoreRequest* request,
                                    pb::Job* response) {
  if (auto denied = authorize(*context); !denied.ok()) return denied;
  return answer_started(*context, service_.start_restore(from_proto(*request)), request->wait(), response);
}

grpc::Status BackupService::GetRestore(grpc::ServerContext* context, const pb::GetRestoreRequest* request,
                                       pb::Job* response) {
  if (auto denied = authorize(*context); !denied.ok()) return denied;
  return respond(service_.restore_job(request->id()), [&](const auto& job) { *response = to_proto(job); });
}

grpc::Status BackupService::Verify(grpc::ServerContext* context, const pb::VerifyRequest* request,
                                   pb::Job* response) {
  if (auto denied = authorize(*context); !denied.ok()) return denied;
  milvus_backup::VerifyRequest verify{.job_id = request->job_id(),
                                      .backup_name = request->backup_name(),
                                      .read_data = request->read_data(),
                                      .read_data_subset = request->read_data_subset()};
  return answer_started(*context, service_.start_verify(std::move(verify)), request->wait(), response);
}

grpc::Status BackupService::GetVerify(grpc::ServerContext* context, const pb::GetVerifyRequest* request,
                                      pb::Job* response) {
  if (auto denied = authorize(*context); !denied.ok()) return denied;
  return respond(service_.verify_job(request->id()), [&](const auto& job) { *response = to_proto(job); });
}

grpc::Status BackupService::Check(grpc::ServerContext* context, const pb::CheckRequest*,
                                  pb::CheckResponse* response) {
  if (auto denied = authorize(*context); !denied.ok()) return denied;
  *response = to_proto(service_.check());
  return grpc::Status::OK;
}

grpc::Status BackupService::Cancel(grpc::ServerContext* context, const pb::CancelRequest* request,
                                   pb::Job* response) {
  if (auto denied = authorize(*context); !denied.ok()) return denied;
  auto kind = from_proto(request->kind());
  if (!kind) return to_grpc_status(kind.error());
  auto cancelled = *kind == api::JobKind::kBackup ? service_.cancel_backup(request->backup_name(), request->id())
                                                  : service_.cancel_job(*kind, request->id());
  return respond(std::move(cancelled), [&](const auto& job) { *response = to_proto(job); });
}

grpc::Status BackupService::WatchJob(grpc::ServerContext* context, const pb::WatchJobRequest* request,
                                     grpc::ServerWriter<pb::Job>* writer) {
  if (auto denied = authorize(*context); !denied.ok()) return denied;
  auto kind = from_proto(request->kind());
  if (!kind) return to_grpc_status(kind.error());
  const auto interval = request->interval_ms() == 0
                            ? kDefaultWatchInterval
                            : std::max<std::chrono::milliseconds>(kMinWatchInterval,
                                                                  std::chrono::milliseconds(request->interval_ms()));
  auto watched = service_.watch(*kind, request->id(), interval, [&](const api::JobRecord& record) {
    return !context->IsCancelled() && writer->Write(to_proto(record));
  });
  if (!watched) return to_grpc_status(watched.error());
  if (context->IsCancelled()) return grpc::Status(grpc::StatusCode::CANCELLED, "the call was cancelled");
  return grpc::Status::OK;
}

}  // namespace mb::server
