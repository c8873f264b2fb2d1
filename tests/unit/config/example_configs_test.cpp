// The shipped configs/*.yaml and files shaped like the Go tool's own examples load unmodified.
#include <gtest/gtest.h>

#include <set>

#include "config/loader.h"
#include "test_support.h"

namespace mb::config {
namespace {

using testing::all_warnings;
using testing::data_file;
using testing::options;
using testing::options_without_file;
using testing::repo_config;
using testing::row;

Loaded load_ok(const std::string& path) {
  auto loaded = load(options(path));
  EXPECT_TRUE(loaded) << path << ": " << loaded.error().to_string();
  return loaded ? *loaded : Loaded{};
}

TEST(OurDefaultConfig, StatesEveryDefault) {
  const std::set<std::string> kCommentedMilvusStorage = {
      "milvus.storage.accountName",      "milvus.storage.localPath",          "milvus.storage.auth.sessionToken",
      "milvus.storage.auth.accountKey",  "milvus.storage.auth.credentialsFile", "milvus.storage.auth.endpoint"};
  Loaded file = load_ok(repo_config("backup.yaml"));
  Loaded defaults = *load(options_without_file());
  EXPECT_EQ(all_warnings(file), "");
  ASSERT_EQ(file.values.size(), defaults.values.size());
  // Keys that must stay commented out: a provider or auth type rejects them when set, and
  // backup.storage inherits milvus.storage only for what the file leaves out.
  for (size_t i = 0; i < file.values.size(); ++i) {
    const ResolvedValue& v = file.values[i];
    EXPECT_EQ(v.value, defaults.values[i].value) << v.key;
    const bool commented = v.key.starts_with("backup.storage.") ? v.key != "backup.storage.rootPath"
                                                                : kCommentedMilvusStorage.contains(v.key);
    EXPECT_EQ(v.source, commented ? "default" : "config") << v.key;
  }
}

TEST(OurLocalMilvusConfig, LocalStorageOnBothSides) {
  Loaded loaded = load_ok(repo_config("backup-local-milvus.yaml"));
  EXPECT_EQ(all_warnings(loaded), "");
  EXPECT_EQ(loaded.config.milvus.storage.provider, "local");
  EXPECT_EQ(loaded.config.backup.storage.provider, "local");
  EXPECT_NE(loaded.config.milvus.storage.root_path, loaded.config.backup.storage.root_path);
}

TEST(GoExampleShapes, V2DefaultFile) {
  Loaded loaded = load_ok(data_file("go_v2_default.yaml"));
  EXPECT_EQ(all_warnings(loaded), "");
  EXPECT_EQ(loaded.config.milvus.user, "root");
  EXPECT_EQ(loaded.config.milvus.etcd_endpoints, std::vector<std::string>{"127.0.0.1:2379"});
  EXPECT_EQ(loaded.config.zilliz_cloud.api_key, "<your-api-key>");
  EXPECT_EQ(loaded.config.backup.storage.root_path, "backup");
}

TEST(GoExampleShapes, V1DefaultFile) {
  Loaded loaded = load_ok(data_file("go_v1_default.yaml"));
  const std::string warnings = all_warnings(loaded);
  EXPECT_NE(warnings.find("config migrate"), std::string::npos) << warnings;
  // v0.4's keys the v2 schema has no use for are known settings, not reported as unknown.
  EXPECT_EQ(warnings.find("is not a known setting"), std::string::npos) << warnings;
  EXPECT_EQ(loaded.config.milvus.user, "root");
  EXPECT_EQ(loaded.config.milvus.storage.provider, "minio");
  EXPECT_EQ(loaded.config.milvus.storage.auth_type, "static");
  EXPECT_EQ(loaded.config.backup.storage.root_path, "backup");
  EXPECT_EQ(loaded.config.transfer.mode, TransferMode::kAuto);
  EXPECT_EQ(loaded.config.milvus.etcd_endpoints, std::vector<std::string>{"127.0.0.1:2379"});
}

TEST(GoExampleShapes, Azure) {
  Loaded loaded = load_ok(data_file("go_azure.yaml"));
  EXPECT_EQ(all_warnings(loaded), "");
  EXPECT_EQ(loaded.config.backup.storage.provider, "azure");  // inherited
  EXPECT_EQ(loaded.config.backup.storage.address, "core.windows.net");
  EXPECT_EQ(loaded.config.backup.storage.auth_type, "sharedKey");
  EXPECT_EQ(row(loaded, "backup.storage.auth.accountKey").value, "<y****y>");
}

TEST(GoExampleShapes, GcpNative) {
  Loaded loaded = load_ok(data_file("go_gcpnative.yaml"));
  EXPECT_EQ(loaded.config.backup.storage.provider, "gcpnative");
  EXPECT_EQ(loaded.config.backup.storage.credentials_file, "/path/to/service-account.json");
  EXPECT_EQ(loaded.config.backup.storage.bucket_name, "<your-backup-bucket>");
}

TEST(GoExampleShapes, IamS3AndLocal) {
  EXPECT_EQ(load_ok(data_file("go_iam.yaml")).config.backup.storage.auth_type, "iam");
  EXPECT_EQ(load_ok(data_file("go_s3.yaml")).config.backup.storage.provider, "aws");
  EXPECT_EQ(load_ok(data_file("go_local_backup.yaml")).config.backup.storage.root_path, "/var/lib/milvus-backup");
  Loaded local_milvus = load_ok(data_file("go_local_milvus.yaml"));
  EXPECT_EQ(local_milvus.config.milvus.storage.provider, "local");
  EXPECT_EQ(local_milvus.config.backup.storage.bucket_name, "a-bucket");
}

}  // namespace
}  // namespace mb::config
