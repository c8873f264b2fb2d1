// Files without `configVersion: v2` are read with the v1 schema (v1 keys and env names) and
// translated to the v2 configuration.
#include "config/v1_legacy.h"

#include <gtest/gtest.h>

#include "config/loader.h"
#include "test_support.h"

namespace mb::config {
namespace {

using testing::all_warnings;
using testing::Env;
using testing::options;
using testing::row;
using testing::TempDir;

class V1 : public ::testing::Test {
 protected:
  Loaded load_v1(const std::string& body, Env env = {}, std::vector<std::string> overrides = {}) {
    path = dir.write("v1.yaml", body);
    auto loaded = load(options(path, std::move(overrides), std::move(env)));
    EXPECT_TRUE(loaded) << loaded.error().to_string();
    return loaded ? *loaded : Loaded{};
  }

  TempDir dir;
  std::string path;
};

TEST_F(V1, TranslatesRenamedKeys) {
  Loaded loaded = load_v1(
      "log:\n  level: debug\n  file:\n    filename: /var/log/v1.log\n    maxSize: 50\n"
      "http:\n  debugMode: true\n  swaggerBasePath: /api\n"
      "cloud:\n  address: https://cloud.example\n  apikey: cloud-key\n"
      "milvus:\n  address: milvus-host\n  port: 29530\n  user: u\n  password: p\n  caCertPath: /ca.pem\n"
      "  serverName: sni\n  rpcChannelName: chan\n  etcd:\n    endpoints: \"e1:2379, e2:2379\"\n    rootPath: root\n"
      "minio:\n  multipartCopyThresholdMiB: 64\n"
      "backup:\n  parallelism:\n    copydata: 16\n    backupCollection: 5\n    backupSegment: 6\n"
      "    restoreCollection: 7\n    importJob: 8\n  keepTempFiles: true\n"
      "  gcPause:\n    enable: false\n    address: http://mgmt:9091\n");
  const Config& c = loaded.config;
  EXPECT_EQ(c.log.level, "debug");
  EXPECT_EQ(c.log.file_path, "/var/log/v1.log");
  EXPECT_EQ(c.log.file_max_size_mib, 50);
  EXPECT_TRUE(c.server.debug_mode);
  EXPECT_EQ(c.server.swagger_base_path, "/api");
  EXPECT_EQ(c.zilliz_cloud.endpoint, "https://cloud.example");
  EXPECT_EQ(c.zilliz_cloud.api_key, "cloud-key");
  EXPECT_EQ(c.milvus.grpc_address, "milvus-host");
  EXPECT_EQ(c.milvus.grpc_port, 29530);
  EXPECT_EQ(c.milvus.user, "u");
  EXPECT_EQ(c.milvus.password, "p");
  EXPECT_EQ(c.milvus.ca_cert_path, "/ca.pem");
  EXPECT_EQ(c.milvus.server_name, "sni");
  EXPECT_EQ(c.milvus.rpc_channel_name, "chan");
  EXPECT_EQ(c.milvus.etcd_endpoints, (std::vector<std::string>{"e1:2379", "e2:2379"}));
  EXPECT_EQ(c.milvus.etcd_root_path, "root");
  EXPECT_EQ(c.milvus.management_endpoint, "http://mgmt:9091");
  EXPECT_EQ(c.transfer.multipart_copy_threshold_mib, 64);
  EXPECT_EQ(c.transfer.concurrency, 16);
  EXPECT_EQ(c.backup.concurrency_collections, 5);
  EXPECT_EQ(c.backup.concurrency_segments, 6);
  EXPECT_EQ(c.restore.concurrency_collections, 7);
  EXPECT_EQ(c.restore.concurrency_import_jobs, 8);
  EXPECT_TRUE(c.restore.keep_temp_files);
  EXPECT_FALSE(c.backup.pause_gc);
  // config show names the v1 key each value came from.
  EXPECT_EQ(row(loaded, "milvus.grpc.address").source, "config");
  EXPECT_EQ(row(loaded, "milvus.grpc.address").source_key, "milvus.address");
  EXPECT_NE(all_warnings(loaded).find("config migrate"), std::string::npos);
}

// The v0.4.x sample config's keys: its log file name is honoured, the rest are known settings
// that have nothing to set here, so none of them is reported as unknown.
TEST_F(V1, V04KeysAreHonouredOrAcceptedWithoutWarnings) {
  Loaded loaded = load_v1(
      "log:\n  file:\n    rootPath: /var/log/v04.log\n    maxAge: 3\n"
      "http:\n  simpleResponse: true\n"
      "milvus:\n  authorizationEnabled: false\n"
      "backup:\n  maxSegmentGroupSize: 2G\n  gcPause:\n    enable: true\n    seconds: 7200\n");
  EXPECT_EQ(loaded.config.log.file_path, "/var/log/v04.log");
  EXPECT_EQ(loaded.config.log.file_max_days, 3);
  const std::string warnings = all_warnings(loaded);
  for (const char* key : {"rootPath", "maxAge", "simpleResponse", "authorizationEnabled", "maxSegmentGroupSize",
                          "seconds"}) {
    EXPECT_EQ(warnings.find(key), std::string::npos) << key << ": " << warnings;
  }
  // HEAD's spelling wins where a file has both
  EXPECT_EQ(load_v1("log:\n  file:\n    filename: head.log\n    rootPath: v04.log\n").config.log.file_path,
            "head.log");
}

TEST_F(V1, StorageKeysAndBackupSideInheritance) {
  Loaded loaded = load_v1(
      "minio:\n  address: minio-host\n  port: 9001\n  region: r1\n  useSSL: true\n  bucketName: mb\n"
      "  accessKeyID: ak\n  secretAccessKey: sk\n  token: tok\n  backupBucketName: bb\n");
  const StorageConfig& m = loaded.config.milvus.storage;
  EXPECT_EQ(m.provider, "minio");
  EXPECT_EQ(m.address, "minio-host");
  EXPECT_EQ(m.port, 9001);
  EXPECT_EQ(m.region, "r1");
  EXPECT_TRUE(m.use_ssl);
  EXPECT_EQ(m.bucket_name, "mb");
  EXPECT_EQ(m.auth_type, "static");
  EXPECT_EQ(m.access_key_id, "ak");
  EXPECT_EQ(m.secret_access_key, "sk");
  EXPECT_EQ(m.session_token, "tok");
  const StorageConfig& b = loaded.config.backup.storage;
  EXPECT_EQ(b.address, "minio-host");
  EXPECT_EQ(b.port, 9001);
  EXPECT_TRUE(b.use_ssl);
  EXPECT_EQ(b.bucket_name, "bb");
  EXPECT_EQ(b.access_key_id, "ak");
  EXPECT_EQ(b.secret_access_key, "sk");
  EXPECT_EQ(b.session_token, "tok");
}

TEST_F(V1, BackupRootPathInheritsMinioRootPath) {
  EXPECT_EQ(load_v1("minio:\n  rootPath: milvus-root\n").config.backup.storage.root_path, "milvus-root");
  // v1's own default root path is inherited too.
  EXPECT_EQ(load_v1("milvus:\n  port: 19530\n").config.backup.storage.root_path, "files");
  EXPECT_EQ(load_v1("minio:\n  rootPath: \"\"\n").config.backup.storage.root_path, "backup");
  EXPECT_EQ(load_v1("minio:\n  rootPath: r\n  backupRootPath: own\n").config.backup.storage.root_path, "own");
}

TEST_F(V1, CrossStorageSelectsTheTransferMode) {
  EXPECT_EQ(load_v1("minio:\n  crossStorage: true\n").config.transfer.mode, TransferMode::kStreaming);
  EXPECT_EQ(load_v1("minio:\n  crossStorage: \"false\"\n").config.transfer.mode, TransferMode::kAuto);
  Loaded loaded = load_v1("minio:\n  crossStorage: true\n");
  EXPECT_EQ(row(loaded, "transfer.mode").value, "streaming");
  EXPECT_EQ(row(loaded, "transfer.mode").source_key, "minio.crossstorage");
}

TEST_F(V1, TlsModeIntegers) {
  EXPECT_EQ(load_v1("milvus:\n  tlsMode: 0\n").config.milvus.tls_mode, TlsMode::kDisabled);
  EXPECT_EQ(load_v1("milvus:\n  tlsMode: 1\n").config.milvus.tls_mode, TlsMode::kServer);
  EXPECT_EQ(load_v1("milvus:\n  tlsMode: 2\n  mtlsCertPath: /c\n  mtlsKeyPath: /k\n").config.milvus.tls_mode,
            TlsMode::kMutual);
  // v1 fell back to server TLS when the client key pair was missing.
  Loaded downgraded = load_v1("milvus:\n  tlsMode: 2\n");
  EXPECT_EQ(downgraded.config.milvus.tls_mode, TlsMode::kServer);
  EXPECT_NE(all_warnings(downgraded).find("using server TLS"), std::string::npos);
}

TEST_F(V1, V1EnvNamesApplyAndV2OnesDoNot) {
  Loaded loaded = load_v1("milvus:\n  port: 19530\n",
                          Env{{"MINIO_ADDRESS", "env-minio"},
                              {"MILVUS_PORT", "29530"},
                              {"MINIO_SECRET_KEY", "env-sk"},
                              {"MILVUS_STORAGE_AUTH_ACCESS_KEY_ID", "v2-name-ignored"}});
  EXPECT_EQ(loaded.config.milvus.storage.address, "env-minio");
  EXPECT_EQ(loaded.config.milvus.grpc_port, 29530);
  EXPECT_EQ(loaded.config.milvus.storage.secret_access_key, "env-sk");
  EXPECT_EQ(loaded.config.backup.storage.secret_access_key, "env-sk");
  EXPECT_EQ(loaded.config.milvus.storage.access_key_id, "minioadmin");
  EXPECT_EQ(row(loaded, "milvus.grpc.port").source, "env");
  EXPECT_EQ(row(loaded, "milvus.grpc.port").source_key, "milvus_port");
}

TEST_F(V1, SetNamesV1Keys) {
  Loaded loaded = load_v1("milvus:\n  port: 19530\n", {}, {"minio.bucketName=set-bucket", "MILVUS_ADDRESS=set-host"});
  EXPECT_EQ(loaded.config.milvus.storage.bucket_name, "set-bucket");
  EXPECT_EQ(loaded.config.milvus.grpc_address, "set-host");
}

TEST_F(V1, AzureCarriesAccountInAccessKeyFields) {
  Loaded loaded = load_v1("storage:\n  storageType: azure\nminio:\n  accessKeyID: acct\n  secretAccessKey: key\n");
  const StorageConfig& m = loaded.config.milvus.storage;
  EXPECT_EQ(m.provider, "azure");
  EXPECT_EQ(m.account_name, "acct");
  EXPECT_EQ(m.auth_type, "sharedKey");
  EXPECT_EQ(m.account_key, "key");
  EXPECT_EQ(loaded.config.backup.storage.account_name, "acct");
  EXPECT_EQ(loaded.config.backup.storage.account_key, "key");

  Loaded iam = load_v1("minio:\n  cloudProvider: azure\n  accessKeyID: acct\n  useIAM: true\n");
  EXPECT_EQ(iam.config.milvus.storage.auth_type, "default");
}

TEST_F(V1, GcpNativeUsesTheCredentialFile) {
  Loaded loaded = load_v1("minio:\n  storageType: gcpnative\n  gcpCredentialJSON: /sa.json\n"
                          "  backupGcpCredentialJSON: /backup-sa.json\n");
  EXPECT_EQ(loaded.config.milvus.storage.auth_type, "serviceAccount");
  EXPECT_EQ(loaded.config.milvus.storage.credentials_file, "/sa.json");
  EXPECT_EQ(loaded.config.backup.storage.credentials_file, "/backup-sa.json");
}

TEST_F(V1, UseIamSelectsIamAuth) {
  Loaded loaded = load_v1("minio:\n  cloudProvider: aws\n  useIAM: true\n  iamEndpoint: http://iam\n");
  EXPECT_EQ(loaded.config.milvus.storage.auth_type, "iam");
  EXPECT_EQ(loaded.config.milvus.storage.iam_endpoint, "http://iam");
  EXPECT_EQ(loaded.config.backup.storage.auth_type, "iam");
}

TEST_F(V1, ProviderAliasesAreFolded) {
  EXPECT_EQ(load_v1("minio:\n  storageType: ali\n").config.milvus.storage.provider, "aliyun");
  EXPECT_EQ(load_v1("minio:\n  cloudProvider: TC\n").config.milvus.storage.provider, "tencent");
  Loaded split = load_v1("storage:\n  storageType: minio\n  backupStorageType: local\n");
  EXPECT_EQ(split.config.milvus.storage.provider, "minio");
  EXPECT_EQ(split.config.backup.storage.provider, "local");
}

TEST_F(V1, ExplicitV1VersionAndOurKeys) {
  Loaded loaded = load_v1("configVersion: v1\nmilvus:\n  address: h\nbackup:\n  pauseGCRequired: true\n"
                          "transfer:\n  rateLimitMiB: 10\nmilvus_unused: 1\n"
                          "server:\n  stateDir: /state\n  maxBodyBytes: 10\n");
  EXPECT_EQ(loaded.config.milvus.grpc_address, "h");
  EXPECT_EQ(loaded.config.server.state_dir, "/state");
  EXPECT_EQ(loaded.config.server.max_body_bytes, 10);
  EXPECT_TRUE(loaded.config.backup.pause_gc_required);
  EXPECT_EQ(loaded.config.transfer.rate_limit_mib_per_sec, 10);
}

TEST_F(V1, V2KeysInAV1FileAreWarnedAbout) {
  Loaded loaded = load_v1("milvus:\n  grpc:\n    address: h\n");
  EXPECT_NE(all_warnings(loaded).find("\"milvus.grpc.address\" is a v2 key, but without \"configVersion: v2\""),
            std::string::npos)
      << all_warnings(loaded);
  EXPECT_EQ(loaded.config.milvus.grpc_address, "localhost");
}

TEST_F(V1, ErrorsNameTheV1Key) {
  path = dir.write("v1.yaml", "minio:\n  port: 70000\n");
  auto loaded = load(options(path));
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message.find(path + ": minio.port: 70000 out of range 1-65535"), std::string::npos)
      << loaded.error().message;
}

TEST(V2Replacement, KnowsV1KeysAndEnvNames) {
  EXPECT_EQ(v2_replacement("MINIO.BACKUPROOTPATH"), "backup.storage.rootPath");
  EXPECT_EQ(v2_replacement("http.enabled"), "");
  EXPECT_EQ(v2_replacement("MINIO_ACCESS_KEY"),
            "MILVUS_STORAGE_AUTH_ACCESS_KEY_ID, or MILVUS_STORAGE_ACCOUNT_NAME for azure");
  EXPECT_EQ(v2_replacement("milvus.grpc.address"), std::nullopt);
}

}  // namespace
}  // namespace mb::config
