#include "restore/restore_options.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mb::restore {
namespace {

using ::testing::HasSubstr;

TEST(ParseHostPort, HostNamesAddressesAndBracketedIpv6) {
  auto named = parse_host_port("milvus-b:19530", "--verify_source");
  ASSERT_TRUE(named) << named.error().to_string();
  EXPECT_EQ(named->host, "milvus-b");
  EXPECT_EQ(named->port, 19530);
  auto ipv6 = parse_host_port("[::1]:19611", "--verify_source");
  ASSERT_TRUE(ipv6) << ipv6.error().to_string();
  EXPECT_EQ(ipv6->host, "::1");
  EXPECT_EQ(ipv6->port, 19611);
}

TEST(ParseHostPort, BadValuesNameTheFlag) {
  for (const char* bad : {"milvus", ":19530", "milvus:", "milvus:19x", "milvus:0", "milvus:70000", "[]:1"}) {
    auto parsed = parse_host_port(bad, "--verify_source");
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    EXPECT_THAT(parsed.error().to_string(), HasSubstr("--verify_source must be HOST:PORT")) << bad;
  }
}

TEST(ValidateRestoreOptions, VerifySourceNeedsVerifyAndVerifyNeedsData) {
  RestoreOptions options{.backup_name = "b1", .verify_source = "milvus-b:19530"};
  auto alone = validate_restore_options(options);
  ASSERT_FALSE(alone);
  EXPECT_THAT(alone.error().message, HasSubstr("--verify_source needs --verify"));
  options.verify = true;
  EXPECT_TRUE(validate_restore_options(options));
  options.meta_only = true;
  auto meta_only = validate_restore_options(options);
  ASSERT_FALSE(meta_only);
  EXPECT_THAT(meta_only.error().message, HasSubstr("--meta_only"));
}

}  // namespace
}  // namespace mb::restore
