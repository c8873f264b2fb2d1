#include "server/envelope.h"

#include <gtest/gtest.h>

namespace mb::server {
namespace {

TEST(EnvelopeTest, SuccessOmitsCodeAndKeepsNullData) {
  EXPECT_EQ(render({.request_id = "r", .msg = "success"}), R"({"requestId":"r","msg":"success","data":null})");
}

TEST(EnvelopeTest, EmptyFieldsAreOmittedButDataStays) {
  EXPECT_EQ(render({}), R"({"data":null})");
}

TEST(EnvelopeTest, FailureCarriesCodeAsNumber) {
  EXPECT_EQ(render({.code = ResponseCode::kParameterError, .msg = "bad"}), R"({"code":400,"msg":"bad","data":null})");
}

TEST(EnvelopeTest, DeleteResponseHasNoData) {
  EXPECT_EQ(render({.request_id = "r", .msg = "success", .has_data = false}), R"({"requestId":"r","msg":"success"})");
}

TEST(EnvelopeTest, DataKeepsMemberOrderAndGoEscaping) {
  nlohmann::ordered_json data;
  data["z"] = "<a&b>";
  data["a"] = int64_t{9007199254740993};
  EXPECT_EQ(render({.data = data}), R"({"data":{"z":"\u003ca\u0026b\u003e","a":9007199254740993}})");
}

TEST(EnvelopeTest, ErrorsMapToResponseCodes) {
  EXPECT_EQ(response_code_for(Error(ErrorCode::kInvalidArgument, "")), ResponseCode::kParameterError);
  EXPECT_EQ(response_code_for(Error(ErrorCode::kNotFound, "")), ResponseCode::kNotFound);
  EXPECT_EQ(response_code_for(Error(ErrorCode::kStorage, "")), ResponseCode::kFail);
}

}  // namespace
}  // namespace mb::server
