#include "milvus/call_metadata.h"

#include <gtest/gtest.h>

namespace mb::milvus {
namespace {

TEST(CallMetadataTest, AuthorizationIsBase64OfUserColonPassword) {
  EXPECT_EQ(authorization_value("root", "Milvus"), "cm9vdDpNaWx2dXM=");
  EXPECT_EQ(authorization_value("user", "p@ss:word"), "dXNlcjpwQHNzOndvcmQ=");
}

TEST(CallMetadataTest, AuthorizationIsSentWhenEitherPartIsSet) {
  EXPECT_EQ(authorization_value("", ""), "");
  EXPECT_EQ(authorization_value("root", ""), "cm9vdDo=");
  EXPECT_EQ(authorization_value("", "secret"), "OnNlY3JldA==");
}

}  // namespace
}  // namespace mb::milvus
