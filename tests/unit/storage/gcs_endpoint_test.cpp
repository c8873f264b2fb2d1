#include "storage/gcs_endpoint.h"

#include <gtest/gtest.h>

namespace mb::storage::gcs {
namespace {

config::StorageConfig gcs_config(std::string address, int port, bool use_ssl) {
  config::StorageConfig c;
  c.provider = "gcpnative";
  c.address = std::move(address);
  c.port = port;
  c.use_ssl = use_ssl;
  c.bucket_name = "my-bucket";
  return c;
}

TEST(GcsEndpoint, GooglesOwnAddressesMeanTheStandardEndpoint) {
  for (const char* address : {"storage.googleapis.com", "googleapis.com", "www.googleapis.com", ""}) {
    const Endpoint e = resolve_endpoint(gcs_config(address, 443, false)).value();
    EXPECT_EQ(e.base_url, "https://storage.googleapis.com") << address;
    EXPECT_FALSE(e.custom) << address;
  }
}

TEST(GcsEndpoint, OtherAddressesAreCustomEndpointsWithSchemeFromUseSsl) {
  const Endpoint e = resolve_endpoint(gcs_config("127.0.0.1", 4443, false)).value();
  EXPECT_EQ(e.base_url, "http://127.0.0.1:4443");
  EXPECT_TRUE(e.custom);
  EXPECT_EQ(resolve_endpoint(gcs_config("gcs.internal", 8443, true)).value().base_url, "https://gcs.internal:8443");
}

TEST(GcsEndpoint, ObjectNamesAreEncodedWholeSlashesIncluded) {
  const Endpoint e = resolve_endpoint(gcs_config("storage.googleapis.com", 443, true)).value();
  EXPECT_EQ(e.object_url("dir/a b+c%\xC3\xA9"),
            "https://storage.googleapis.com/storage/v1/b/my-bucket/o/dir%2Fa%20b%2Bc%25%C3%A9");
  EXPECT_EQ(e.object_url("other", "k"), "https://storage.googleapis.com/storage/v1/b/other/o/k");
  EXPECT_EQ(e.objects_url(), "https://storage.googleapis.com/storage/v1/b/my-bucket/o");
  EXPECT_EQ(e.upload_url(), "https://storage.googleapis.com/upload/storage/v1/b/my-bucket/o");
  EXPECT_EQ(e.buckets_url(), "https://storage.googleapis.com/storage/v1/b");
}

TEST(GcsEndpoint, RefusesUrlsAndEmptyBuckets) {
  auto url = resolve_endpoint(gcs_config("http://127.0.0.1", 4443, false));
  ASSERT_FALSE(url);
  EXPECT_EQ(url.error().get("config_key"), "storage.address");
  auto c = gcs_config("127.0.0.1", 4443, false);
  c.bucket_name.clear();
  EXPECT_EQ(resolve_endpoint(c).error().get("config_key"), "storage.bucketName");
}

}  // namespace
}  // namespace mb::storage::gcs
