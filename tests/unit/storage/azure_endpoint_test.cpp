#include "storage/azure_endpoint.h"

#include <gtest/gtest.h>

namespace mb::storage::azure {
namespace {

config::StorageConfig azure_config(std::string address, int port, bool use_ssl = false) {
  config::StorageConfig c;
  c.provider = "azure";
  c.address = std::move(address);
  c.port = port;
  c.use_ssl = use_ssl;
  c.account_name = "myaccount";
  c.bucket_name = "backups";
  return c;
}

TEST(AzureEndpoint, CloudIsHostStyleOverTlsWithoutPort443) {
  const Endpoint e = resolve_endpoint(azure_config("core.windows.net", 443)).value();
  EXPECT_EQ(e.scheme, "https");
  EXPECT_EQ(e.host, "myaccount.blob.core.windows.net");
  EXPECT_FALSE(e.account_in_path);
  EXPECT_EQ(e.service_url(), "https://myaccount.blob.core.windows.net");
  EXPECT_EQ(e.path(""), "/backups");
  EXPECT_EQ(e.path("a dir/b+c%d/\xC3\xA9"), "/backups/a%20dir/b%2Bc%25d/%C3%A9");
  EXPECT_EQ(e.url(e.path("k"), "comp=block"), "https://myaccount.blob.core.windows.net/backups/k?comp=block");
  EXPECT_EQ(e.url(e.path("k"), ""), "https://myaccount.blob.core.windows.net/backups/k");
}

TEST(AzureEndpoint, CloudKeepsOtherPortsAndIgnoresUseSslLikeTheGoTool) {
  const Endpoint e = resolve_endpoint(azure_config("core.chinacloudapi.cn", 9000, false)).value();
  EXPECT_EQ(e.scheme, "https");
  EXPECT_EQ(e.host, "myaccount.blob.core.chinacloudapi.cn:9000");
}

TEST(AzureEndpoint, EmulatorIsPathStyleWithTheAccountInThePath) {
  const Endpoint e = resolve_endpoint(azure_config("127.0.0.1", 10000)).value();
  EXPECT_EQ(e.scheme, "http");
  EXPECT_EQ(e.host, "127.0.0.1:10000");
  EXPECT_TRUE(e.account_in_path);
  EXPECT_EQ(e.service_url(), "http://127.0.0.1:10000/myaccount");
  EXPECT_EQ(e.path("x/y"), "/myaccount/backups/x/y");
  EXPECT_EQ(resolve_endpoint(azure_config("localhost", 10000, true)).value().service_url(),
            "https://localhost:10000/myaccount");
  EXPECT_EQ(resolve_endpoint(azure_config("::1", 10000)).value().host, "[::1]:10000");
}

TEST(AzureEndpoint, MissingAccountOrBadAddressNamesTheKey) {
  auto c = azure_config("core.windows.net", 443);
  c.account_name.clear();
  auto missing = resolve_endpoint(c);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().get("config_key"), "storage.accountName");

  auto url = resolve_endpoint(azure_config("https://core.windows.net", 443));
  ASSERT_FALSE(url);
  EXPECT_EQ(url.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(url.error().get("config_key"), "storage.address");
}

}  // namespace
}  // namespace mb::storage::azure
