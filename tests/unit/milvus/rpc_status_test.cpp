#include "milvus/rpc_status.h"

#include <gtest/gtest.h>

namespace mb::milvus {
namespace {

common_pb::Status status(common_pb::ErrorCode error_code, int32_t code, std::string reason) {
  common_pb::Status s;
  s.set_error_code(error_code);
  s.set_code(code);
  s.set_reason(std::move(reason));
  return s;
}

TEST(RpcStatusTest, OkOnlyWhenBothCodesAreZero) {
  EXPECT_TRUE(status_ok(common_pb::Status()));
  EXPECT_FALSE(status_ok(status(common_pb::Success, 100, "collection not found")));
  EXPECT_FALSE(status_ok(status(common_pb::UnexpectedError, 0, "old server")));
}

TEST(RpcStatusTest, RecognisesRateLimitsByEitherCodeOrReason) {
  EXPECT_TRUE(is_rate_limited(status(common_pb::RateLimit, 0, "")));
  EXPECT_TRUE(is_rate_limited(status(common_pb::UnexpectedError, 8, "")));
  EXPECT_TRUE(is_rate_limited(status(common_pb::UnexpectedError, 65535, "request is rejected: rate limit exceeded")));
  EXPECT_FALSE(is_rate_limited(status(common_pb::UnexpectedError, 100, "collection not found")));
}

TEST(RpcStatusTest, RecognisesMissingIndexesAsMilvus23ReportsThem) {
  // DescribeIndex on a collection without an index, as Milvus 2.3.5 answers it.
  EXPECT_TRUE(is_index_not_found(status(common_pb::IndexNotExist, 700, "index not found[collection=c]")));
  EXPECT_TRUE(is_index_not_found(status(common_pb::UnexpectedError, 0, "index not found[collection=c]")));
  EXPECT_FALSE(is_index_not_found(status(common_pb::CollectionNotExists, 100, "collection not found")));
}

TEST(RpcStatusTest, RecognisesCollectionsThatAreNotLoaded) {
  EXPECT_TRUE(is_not_loaded(status(common_pb::UnexpectedError, 101, "collection not loaded[collection=1]")));
  EXPECT_FALSE(is_not_loaded(status(common_pb::UnexpectedError, 100, "collection not found")));
}

TEST(RpcStatusTest, RetriesOnlyUnavailableAndResourceExhausted) {
  EXPECT_TRUE(is_retriable(grpc::StatusCode::UNAVAILABLE));
  EXPECT_TRUE(is_retriable(grpc::StatusCode::RESOURCE_EXHAUSTED));
  EXPECT_FALSE(is_retriable(grpc::StatusCode::DEADLINE_EXCEEDED));
  EXPECT_FALSE(is_retriable(grpc::StatusCode::UNIMPLEMENTED));
  EXPECT_FALSE(is_retriable(grpc::StatusCode::INTERNAL));
}

TEST(RpcStatusTest, MilvusErrorCarriesReasonAndCallSite) {
  const Error error = milvus_error(status(common_pb::CollectionNotExists, 100, "collection not found[collection=c]"),
                                   {"DescribeCollection", "db1", "c"});
  EXPECT_EQ(error.code, ErrorCode::kMilvus);
  EXPECT_EQ(error.message, "collection not found[collection=c]");
  EXPECT_EQ(error.get("rpc"), "DescribeCollection");
  EXPECT_EQ(error.get("db"), "db1");
  EXPECT_EQ(error.get("collection"), "c");
  EXPECT_EQ(error.get(kMilvusCodeKey), "100");
  EXPECT_EQ(error.get(kErrorCodeKey), "CollectionNotExists");
}

TEST(RpcStatusTest, MilvusErrorWithoutReasonNamesTheRpc) {
  const Error error = milvus_error(status(common_pb::UnexpectedError, 0, ""), {"Flush", "", ""});
  EXPECT_EQ(error.message, "Flush failed without a reason");
  EXPECT_EQ(error.get("db"), "");
}

TEST(RpcStatusTest, TransportErrorsMapToErrorCodesAndNameTheAddress) {
  const CallSite site{"Connect", "", ""};
  const Error unreachable = transport_error(
      grpc::Status(grpc::StatusCode::UNAVAILABLE, "failed to connect to all addresses"), site, "milvus.local:19530");
  EXPECT_EQ(unreachable.code, ErrorCode::kUnavailable);
  EXPECT_NE(unreachable.message.find("milvus.local:19530"), std::string::npos);
  EXPECT_EQ(unreachable.get("address"), "milvus.local:19530");
  EXPECT_EQ(unreachable.get(kGrpcCodeKey), "UNAVAILABLE");

  EXPECT_EQ(transport_error(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, ""), site, "h:1").code,
            ErrorCode::kTimeout);
  EXPECT_EQ(transport_error(grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "bad password"), site, "h:1").code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(transport_error(grpc::Status(grpc::StatusCode::PERMISSION_DENIED, ""), site, "h:1").code,
            ErrorCode::kPermissionDenied);
  const Error unimplemented = transport_error(grpc::Status(grpc::StatusCode::UNIMPLEMENTED, ""), site, "h:1");
  EXPECT_EQ(unimplemented.code, ErrorCode::kMilvus);
  EXPECT_EQ(unimplemented.get(kGrpcCodeKey), "UNIMPLEMENTED");
}

}  // namespace
}  // namespace mb::milvus
