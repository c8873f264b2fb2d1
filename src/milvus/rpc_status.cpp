#include "milvus/rpc_status.h"

#include <string>

namespace mb::milvus {
namespace {

// Status.code values of Milvus's merr package (2.3+).
constexpr int32_t kMerrRateLimit = 8;
constexpr int32_t kMerrCollectionNotLoaded = 101;
constexpr int32_t kMerrIndexNotFound = 700;

bool reason_mentions(const common_pb::Status& status, std::string_view words) {
  return status.reason().find(words) != std::string::npos;
}

Error with_site(Error error, const CallSite& site) {
  error.with("rpc", std::string(site.rpc));
  if (!site.db.empty()) error.with("db", std::string(site.db));
  if (!site.collection.empty()) error.with("collection", std::string(site.collection));
  return error;
}

}  // namespace

bool status_ok(const common_pb::Status& status) {
  return status.code() == 0 && status.error_code() == common_pb::Success;
}

bool is_rate_limited(const common_pb::Status& status) {
  return status.error_code() == common_pb::RateLimit || status.code() == kMerrRateLimit ||
         reason_mentions(status, "rate limit exceeded");
}

bool is_index_not_found(const common_pb::Status& status) {
  return status.error_code() == common_pb::IndexNotExist || status.code() == kMerrIndexNotFound ||
         reason_mentions(status, "index not found");
}

bool is_not_loaded(const common_pb::Status& status) {
  return status.code() == kMerrCollectionNotLoaded || reason_mentions(status, "not loaded");
}

bool is_retriable(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::RESOURCE_EXHAUSTED;
}

std::string_view to_string(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return "OK";
    case grpc::StatusCode::CANCELLED: return "CANCELLED";
    case grpc::StatusCode::UNKNOWN: return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND: return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS: return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED: return "PERMISSION_DENIED";
    case grpc::StatusCode::UNAUTHENTICATED: return "UNAUTHENTICATED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED: return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE: return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED: return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL: return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE: return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS: return "DATA_LOSS";
    case grpc::StatusCode::DO_NOT_USE: break;
  }
  return "UNKNOWN";
}

Error milvus_error(const common_pb::Status& status, const CallSite& site) {
  std::string message = status.reason();
  if (message.empty()) message = std::string(site.rpc) + " failed without a reason";
  Error error(ErrorCode::kMilvus, std::move(message));
  error = with_site(std::move(error), site);
  error.with(kMilvusCodeKey, std::to_string(status.code()));
  error.with(kErrorCodeKey, common_pb::ErrorCode_Name(status.error_code()));
  return error;
}

Error transport_error(const grpc::Status& status, const CallSite& site, std::string_view address) {
  const std::string where(address);
  const std::string detail = status.error_message();
  Error error;
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
      error = Error(ErrorCode::kUnavailable, "cannot reach Milvus at " + where + ": " + detail);
      break;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      error = Error(ErrorCode::kTimeout, "Milvus at " + where + " did not answer " + std::string(site.rpc) +
                                             " before the deadline");
      break;
    case grpc::StatusCode::UNAUTHENTICATED:
    case grpc::StatusCode::PERMISSION_DENIED:
      error = Error(ErrorCode::kPermissionDenied, "Milvus at " + where + " refused the call: " + detail);
      break;
    default:
      error = Error(ErrorCode::kMilvus, std::string(site.rpc) + " failed: " + detail);
      break;
  }
  error = with_site(std::move(error), site);
  error.with(kGrpcCodeKey, std::string(to_string(status.error_code())));
  error.with("address", where);
  return error;
}

}  // namespace mb::milvus
