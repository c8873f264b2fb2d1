// What the outcome of a Milvus RPC means: whether Milvus's Status reports success, whether a
// failure is worth another attempt, and the Error a failure becomes.
#pragma once

#include <grpcpp/support/status.h>

#include <string_view>

#include "milvus/milvus_types.h"
#include "util/error.h"

namespace mb::milvus {

// Context keys of the Errors this module makes, beside rpc/db/collection.
inline constexpr const char* kGrpcCodeKey = "grpc_code";      // e.g. "UNIMPLEMENTED"
inline constexpr const char* kMilvusCodeKey = "milvus_code";  // Status.code, e.g. "100"
inline constexpr const char* kErrorCodeKey = "error_code";    // Status.error_code (legacy), e.g. "IndexNotExist"

// Where a call went, for the context of its errors.
struct CallSite {
  std::string_view rpc;
  std::string_view db;
  std::string_view collection;
};

// Success iff both codes are zero: 2.3+ servers fill `code`, older paths only `error_code`.
bool status_ok(const common_pb::Status& status);

// Milvus's throttling ("rate limit exceeded"): worth retrying after a pause.
bool is_rate_limited(const common_pb::Status& status);

// DescribeIndex on a collection without an index: "no index", not a failure.
bool is_index_not_found(const common_pb::Status& status);

// GetLoadingProgress on a collection that is not loaded: progress 0, not a failure.
bool is_not_loaded(const common_pb::Status& status);

// UNAVAILABLE (connection refused, reset, server restarting) and RESOURCE_EXHAUSTED.
bool is_retriable(grpc::StatusCode code);

std::string_view to_string(grpc::StatusCode code);

// kMilvus with the server's reason as message.
Error milvus_error(const common_pb::Status& status, const CallSite& site);

// A call that got no Milvus answer. `address` is host:port, so that "unreachable" says where.
Error transport_error(const grpc::Status& status, const CallSite& site, std::string_view address);

}  // namespace mb::milvus
