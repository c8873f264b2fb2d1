#include "storage/s3_endpoint.h"

#include <gtest/gtest.h>

#include "storage/s3_signer.h"

namespace mb::storage::s3 {
namespace {

config::StorageConfig storage(std::string provider, std::string address, int port, bool ssl,
                              std::string bucket = "bucket", std::string region = "") {
  config::StorageConfig c;
  c.provider = std::move(provider);
  c.address = std::move(address);
  c.port = port;
  c.use_ssl = ssl;
  c.bucket_name = std::move(bucket);
  c.region = std::move(region);
  return c;
}

TEST(S3Endpoint, MinioAndCustomEndpointsArePathStyle) {
  auto e = resolve_endpoint(storage("minio", "127.0.0.1", 9000, false)).value();
  EXPECT_FALSE(e.virtual_hosted);
  EXPECT_EQ(e.host(), "127.0.0.1:9000");
  EXPECT_EQ(e.path("dir/key"), "/bucket/dir/key");
  EXPECT_EQ(e.path(""), "/bucket/");
  EXPECT_EQ(e.region, "us-east-1");
  EXPECT_EQ(e.url(sigv4::canonical_uri(e.path("a b")), "x=1"), "http://127.0.0.1:9000/bucket/a%20b?x=1");
  EXPECT_FALSE(resolve_endpoint(storage("s3", "minio.internal", 443, true)).value().virtual_hosted);
  EXPECT_FALSE(resolve_endpoint(storage("aws", "localhost", 5000, false)).value().virtual_hosted);
}

TEST(S3Endpoint, DefaultPortsAreLeftOutOfTheHost) {
  EXPECT_EQ(resolve_endpoint(storage("minio", "m", 443, true)).value().host(), "m");
  EXPECT_EQ(resolve_endpoint(storage("minio", "m", 80, false)).value().host(), "m");
  EXPECT_EQ(resolve_endpoint(storage("minio", "m", 443, false)).value().host(), "m:443");
}

TEST(S3Endpoint, AwsDefaultAddressIsVirtualHostedInTheRegion) {
  auto e = resolve_endpoint(storage("aws", "s3.amazonaws.com", 443, true, "my-bucket", "eu-west-1")).value();
  EXPECT_TRUE(e.virtual_hosted);
  EXPECT_EQ(e.host(), "my-bucket.s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(e.path("k"), "/k");
  EXPECT_EQ(e.region, "eu-west-1");
  auto no_region = resolve_endpoint(storage("aws", "s3.amazonaws.com", 443, true)).value();
  EXPECT_EQ(no_region.host(), "bucket.s3.amazonaws.com");
  EXPECT_EQ(no_region.region, "us-east-1");
  // A dotted bucket name does not match the TLS wildcard certificate: path-style instead.
  auto dotted = resolve_endpoint(storage("aws", "s3.us-west-2.amazonaws.com", 443, true, "my.bucket")).value();
  EXPECT_FALSE(dotted.virtual_hosted);
  EXPECT_EQ(dotted.path("k"), "/my.bucket/k");
}

TEST(S3Endpoint, ChineseCloudsAreVirtualHosted) {
  EXPECT_EQ(resolve_endpoint(storage("aliyun", "oss-cn-hangzhou.aliyuncs.com", 443, true)).value().host(),
            "bucket.oss-cn-hangzhou.aliyuncs.com");
  EXPECT_EQ(resolve_endpoint(storage("tencent", "cos.ap-guangzhou.myqcloud.com", 443, true)).value().host(),
            "bucket.cos.ap-guangzhou.myqcloud.com");
  EXPECT_EQ(resolve_endpoint(storage("hwc", "obs.cn-north-4.myhuaweicloud.com", 443, true)).value().host(),
            "bucket.obs.cn-north-4.myhuaweicloud.com");
}

TEST(S3Endpoint, GcpIsGcsInteropWithRegionAutoAndItsDialect) {
  auto c = storage("gcp", "storage.googleapis.com", 443, true);
  auto e = resolve_endpoint(c).value();
  EXPECT_TRUE(e.virtual_hosted);
  EXPECT_EQ(e.host(), "bucket.storage.googleapis.com");
  EXPECT_EQ(e.region, "auto");
  const Dialect d = dialect_of(c);
  EXPECT_FALSE(d.batch_delete);
  EXPECT_FALSE(d.part_copy);
  EXPECT_FALSE(d.oauth_bearer);
  c.session_token = "ya29.token";
  EXPECT_TRUE(dialect_of(c).oauth_bearer);
  EXPECT_TRUE(dialect_of(storage("minio", "m", 9000, false)).batch_delete);
}

TEST(S3Endpoint, BadAddressesNameTheConfigKey) {
  for (const char* address : {"http://127.0.0.1", "host/path", ""}) {
    auto e = resolve_endpoint(storage("minio", address, 9000, false));
    ASSERT_FALSE(e) << address;
    EXPECT_EQ(e.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(e.error().get("config_key"), "storage.address");
  }
  EXPECT_EQ(resolve_endpoint(storage("minio", "m", 9000, false, "")).error().get("config_key"), "storage.bucketName");
}

}  // namespace
}  // namespace mb::storage::s3
