#include "storage/store_factory.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "storage/azure_store.h"
#include "storage/gcs_store.h"
#include "storage/local_store.h"
#include "storage/s3_store.h"

namespace mb::storage {
namespace {

config::StorageConfig with_provider(std::string provider) {
  config::StorageConfig c;
  c.provider = std::move(provider);
  c.address = "127.0.0.1";
  return c;
}

TEST(StoreFactory, LocalStoreIsRootedAtSlash) {
  auto c = with_provider("local");
  c.root_path = "/var/lib/backup/";
  auto store = make_store(c);
  ASSERT_TRUE(store);
  auto* local = dynamic_cast<LocalStore*>(store->get());
  ASSERT_NE(local, nullptr);
  EXPECT_EQ(local->base_dir(), "/");
  EXPECT_EQ(root_prefix(c), "var/lib/backup");
}

TEST(StoreFactory, LocalRelativeRootIsMadeAbsolute) {
  auto c = with_provider("local");
  c.root_path = "data/../backup";
  const std::string cwd = std::filesystem::current_path().string();
  EXPECT_EQ(root_prefix(c), (cwd == "/" ? "" : cwd.substr(1) + "/") + "backup");
  c.root_path = "/";
  EXPECT_EQ(root_prefix(c), "");
}

TEST(StoreFactory, S3FamilyRootPrefixIsRootPathTrimmed) {
  auto c = with_provider("minio");
  c.root_path = "/files/";
  EXPECT_EQ(root_prefix(c), "files");
  c.root_path = "a/b";
  EXPECT_EQ(root_prefix(c), "a/b");
  c.root_path = "";
  EXPECT_EQ(root_prefix(c), "");
  c.root_path = "//";
  EXPECT_EQ(root_prefix(c), "");
}

TEST(StoreFactory, EveryS3FamilyProviderBuildsAnS3Store) {
  for (const char* provider : {"minio", "s3", "aws", "aliyun", "tencent", "hwc", "gcp", "MinIO"}) {
    auto store = make_store(with_provider(provider));
    ASSERT_TRUE(store) << provider << ": " << store.error().to_string();
    EXPECT_NE(dynamic_cast<S3Store*>(store->get()), nullptr) << provider;
  }
  auto store = make_store(with_provider("minio")).value();
  EXPECT_EQ(store->describe(), "s3://a-bucket (http://127.0.0.1:9000)");
  EXPECT_EQ(store->identity(), "s3:http://127.0.0.1:9000#minioadmin");
  EXPECT_EQ(store->identity().find("minioadmin", 0), store->identity().rfind("minioadmin"));  // the key id only
}

TEST(StoreFactory, AzureAndGcsNativeHaveTheirOwnBackends) {
  auto azure = with_provider("azure");
  azure.port = 10000;
  azure.account_name = "devstoreaccount1";
  azure.auth_type = "sharedKey";
  azure.account_key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
  auto azure_store = make_store(azure);
  ASSERT_TRUE(azure_store) << azure_store.error().to_string();
  EXPECT_NE(dynamic_cast<AzureStore*>(azure_store->get()), nullptr);
  EXPECT_EQ((*azure_store)->describe(), "azure://a-bucket (http://127.0.0.1:10000/devstoreaccount1)");

  auto gcs = with_provider("gcpnative");
  gcs.port = 4443;
  gcs.auth_type = "default";  // custom endpoint: an emulator, no credentials
  auto gcs_store = make_store(gcs);
  ASSERT_TRUE(gcs_store) << gcs_store.error().to_string();
  EXPECT_NE(dynamic_cast<GcsStore*>(gcs_store->get()), nullptr);
  EXPECT_EQ((*gcs_store)->describe(), "gs://a-bucket (http://127.0.0.1:4443)");

  auto unknown = make_store(with_provider("dropbox"));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().get("config_key"), "storage.provider");
}

TEST(StoreFactory, AzureAndGcsNativeCredentialProblemsNameTheKey) {
  auto azure = with_provider("azure");
  azure.account_name = "acct";
  azure.auth_type = "default";
  EXPECT_EQ(make_store(azure).error().get("config_key"), "storage.auth.type");
  azure.auth_type = "sharedKey";
  azure.account_key = "";
  EXPECT_EQ(make_store(azure).error().get("config_key"), "storage.auth.accountKey");

  auto gcs = with_provider("gcpnative");
  gcs.auth_type = "serviceAccount";
  EXPECT_EQ(make_store(gcs).error().get("config_key"), "storage.auth.credentialsFile");
  gcs.address = "storage.googleapis.com";
  gcs.auth_type = "default";
  EXPECT_EQ(make_store(gcs).error().get("config_key"), "storage.auth.type");
}

TEST(StoreFactory, IamAuthBuildsAnAwsStoreWithoutKeys) {
  for (const char* type : {"iam", "default"}) {
    auto c = with_provider("aws");
    c.auth_type = type;
    c.access_key_id = "";
    c.secret_access_key = "";
    c.iam_endpoint = "http://127.0.0.1:1";
    auto store = make_store(c);
    ASSERT_TRUE(store) << store.error().to_string();
    EXPECT_NE(dynamic_cast<S3Store*>(store->get()), nullptr);
  }
}

TEST(StoreFactory, IamAuthOfOtherCloudsIsRefusedNamingTheKey) {
  for (const char* provider : {"aliyun", "tencent", "hwc", "gcp"}) {
    auto c = with_provider(provider);
    c.auth_type = "iam";
    auto store = make_store(c);
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(store.error().get("config_key"), "storage.auth.type");
    EXPECT_NE(store.error().message.find(provider), std::string::npos);
  }
}

TEST(StoreFactory, StaticAuthNeedsBothKeysAndNeverEchoesTheSecret) {
  auto c = with_provider("minio");
  c.access_key_id = "";
  EXPECT_EQ(make_store(c).error().get("config_key"), "storage.auth.accessKeyID");
  c.access_key_id = "AK";
  c.secret_access_key = "";
  EXPECT_EQ(make_store(c).error().get("config_key"), "storage.auth.secretAccessKey");
  c.secret_access_key = "super-secret";
  c.address = "http://bad";
  auto bad = make_store(c);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().to_string().find("super-secret"), std::string::npos);
}

}  // namespace
}  // namespace mb::storage
