// load(): file resolution, reading every key, precedence, --set, inheritance, warnings, masking.
#include "config/loader.h"

#include <gtest/gtest.h>

#include <set>

#include "config/param_table.h"
#include "test_support.h"

namespace mb::config {
namespace {

using testing::all_warnings;
using testing::data_file;
using testing::Env;
using testing::options;
using testing::options_without_file;
using testing::row;
using testing::TempDir;

Loaded load_ok(const LoadOptions& o) {
  auto loaded = load(o);
  EXPECT_TRUE(loaded) << loaded.error().to_string();
  return loaded ? *loaded : Loaded{};
}

std::string load_error(const LoadOptions& o) {
  auto loaded = load(o);
  EXPECT_FALSE(loaded) << "expected an error";
  if (loaded) return "";
  EXPECT_EQ(loaded.error().code, ErrorCode::kConfig);
  return loaded.error().message;
}

TEST(Load, WithoutAnyFileUsesDefaultsAndWarns) {
  Loaded loaded = load_ok(options_without_file());
  EXPECT_EQ(loaded.file_used, "");
  EXPECT_NE(all_warnings(loaded).find("no config file found"), std::string::npos);
  const Config defaults;
  EXPECT_EQ(loaded.config.milvus.grpc_address, defaults.milvus.grpc_address);
  EXPECT_EQ(loaded.config.milvus.grpc_port, 19530);
  EXPECT_EQ(loaded.config.milvus.storage.provider, "minio");
  EXPECT_EQ(loaded.config.backup.storage.root_path, "backup");
  EXPECT_EQ(loaded.config.transfer.mode, TransferMode::kAuto);
  EXPECT_EQ(loaded.config.milvus.etcd_endpoints, std::vector<std::string>{"localhost:2379"});
  ASSERT_EQ(loaded.values.size(), v2_specs().size());
  for (const auto& v : loaded.values) {
    EXPECT_EQ(v.source, "default") << v.key;
    EXPECT_EQ(v.source_key, "") << v.key;
  }
}

TEST(Load, CompleteFileFillsEveryField) {
  const std::string path = data_file("complete_v2.yaml");
  Loaded loaded = load_ok(options(path));
  EXPECT_EQ(loaded.file_used, path);
  EXPECT_EQ(all_warnings(loaded), "");
  const Config& c = loaded.config;
  EXPECT_EQ(c.log.level, "debug");
  EXPECT_FALSE(c.log.console);
  EXPECT_EQ(c.log.file_path, "/var/log/mb.log");
  EXPECT_EQ(c.log.file_max_size_mib, 100);
  EXPECT_EQ(c.log.file_max_days, 7);
  EXPECT_EQ(c.log.file_max_backups, 3);
  EXPECT_TRUE(c.server.debug_mode);
  EXPECT_EQ(c.server.swagger_base_path, "/backup");
  EXPECT_EQ(c.server.auth_token, "server-token-1234");
  EXPECT_TRUE(c.server.auth_required);
  EXPECT_EQ(c.server.address, "127.0.0.1");
  EXPECT_EQ(c.server.state_dir, "/var/lib/milvus-backup");
  EXPECT_EQ(c.server.tls_cert_path, "/certs/server.pem");
  EXPECT_EQ(c.server.tls_key_path, "/certs/server.key");
  EXPECT_EQ(c.server.max_body_bytes, 4096);
  EXPECT_FALSE(c.server.resume_interrupted_jobs);
  EXPECT_EQ(c.milvus.user, "milvus-user");
  EXPECT_EQ(c.milvus.password, "milvus-pass");
  EXPECT_EQ(c.milvus.grpc_address, "milvus-proxy");
  EXPECT_EQ(c.milvus.grpc_port, 19531);
  EXPECT_EQ(c.milvus.tls_mode, TlsMode::kMutual);
  EXPECT_EQ(c.milvus.ca_cert_path, "/certs/ca.pem");
  EXPECT_EQ(c.milvus.server_name, "milvus.example.com");
  EXPECT_EQ(c.milvus.mtls_cert_path, "/certs/client.pem");
  EXPECT_EQ(c.milvus.mtls_key_path, "/certs/client.key");
  EXPECT_EQ(c.milvus.rest_endpoint, "https://milvus-rest.example.com");
  EXPECT_EQ(c.milvus.management_endpoint, "http://milvus-datacoord:9092");
  EXPECT_EQ(c.milvus.rpc_channel_name, "other-replicate-msg");
  EXPECT_EQ(c.milvus.etcd_endpoints, (std::vector<std::string>{"etcd-0:2379", "etcd-1:2379"}));
  EXPECT_EQ(c.milvus.etcd_root_path, "other-root");

  const StorageConfig& m = c.milvus.storage;
  EXPECT_EQ(m.provider, "s3");
  EXPECT_EQ(m.address, "s3.us-west-2.amazonaws.com");
  EXPECT_EQ(m.port, 443);
  EXPECT_EQ(m.region, "us-west-2");
  EXPECT_TRUE(m.use_ssl);
  EXPECT_EQ(m.bucket_name, "milvus-bucket");
  EXPECT_EQ(m.root_path, "milvus-files");
  EXPECT_EQ(m.milvus_address, "minio.internal");
  EXPECT_EQ(m.milvus_port, 9100);
  EXPECT_EQ(m.ca_cert_path, "/certs/s3-ca.pem");
  EXPECT_EQ(m.auth_type, "static");
  EXPECT_EQ(m.access_key_id, "milvus-ak");
  EXPECT_EQ(m.secret_access_key, "milvus-sk");
  EXPECT_EQ(m.session_token, "milvus-token");

  const StorageConfig& b = c.backup.storage;
  EXPECT_EQ(b.provider, "azure");
  EXPECT_EQ(b.address, "core.windows.net");
  EXPECT_EQ(b.port, 8443);
  EXPECT_EQ(b.region, "westeurope");
  EXPECT_FALSE(b.use_ssl);
  EXPECT_EQ(b.account_name, "backupaccount");
  EXPECT_EQ(b.bucket_name, "backup-container");
  EXPECT_EQ(b.root_path, "backup-root");
  EXPECT_EQ(b.milvus_address, "azure.internal");
  EXPECT_EQ(b.milvus_port, 8444);
  EXPECT_EQ(b.ca_cert_path, "/certs/azure-ca.pem");
  EXPECT_EQ(b.auth_type, "sharedKey");
  EXPECT_EQ(b.account_key, "backup-account-key");

  EXPECT_EQ(c.backup.concurrency_collections, 8);
  EXPECT_EQ(c.backup.concurrency_segments, 512);
  EXPECT_TRUE(c.backup.pause_gc);
  EXPECT_TRUE(c.backup.pause_gc_required);
  EXPECT_EQ(c.backup.lock_stale_seconds, 90);
  EXPECT_EQ(c.restore.concurrency_collections, 3);
  EXPECT_EQ(c.restore.concurrency_import_jobs, 64);
  EXPECT_EQ(c.restore.max_segments_per_import_job, 128);
  EXPECT_TRUE(c.restore.keep_temp_files);
  EXPECT_EQ(c.restore.temp_files_max_age_seconds, 600);
  EXPECT_EQ(c.transfer.mode, TransferMode::kStreaming);
  EXPECT_EQ(c.transfer.concurrency, 64);
  EXPECT_EQ(c.transfer.multipart_copy_threshold_mib, 128);
  EXPECT_EQ(c.transfer.rate_limit_mib_per_sec, 200);
  EXPECT_EQ(c.transfer.retry_window_seconds, 30);
  EXPECT_EQ(c.zilliz_cloud.endpoint, "https://cloud.example.com");
  EXPECT_EQ(c.zilliz_cloud.api_key, "cloud-api-key");

  // Every parameter came from the file, except those the two providers reject.
  const std::set<std::string> not_in_file = {
      "milvus.storage.accountName",         "milvus.storage.localPath",       "milvus.storage.auth.accountKey",
      "milvus.storage.auth.credentialsFile", "milvus.storage.auth.endpoint",  "backup.storage.localPath",
      "backup.storage.auth.accessKeyID",    "backup.storage.auth.secretAccessKey", "backup.storage.auth.sessionToken",
      "backup.storage.auth.credentialsFile", "backup.storage.auth.endpoint"};
  for (const auto& v : loaded.values) {
    EXPECT_EQ(v.source, not_in_file.contains(v.key) ? "default" : "config") << v.key;
  }
  EXPECT_EQ(row(loaded, "milvus.grpc.tlsMode").source_key, "milvus.grpc.tlsmode");
}

TEST(Load, ProviderSpecificKeysReachTheirFields) {
  TempDir dir;
  Loaded gcp = load_ok(options(dir.write("gcp.yaml",
                                         "configVersion: v2\n"
                                         "milvus:\n  storage:\n    provider: gcpnative\n"
                                         "    auth:\n      type: serviceAccount\n"
                                         "      credentialsFile: /keys/sa.json\n")));
  EXPECT_EQ(gcp.config.milvus.storage.credentials_file, "/keys/sa.json");
  EXPECT_EQ(gcp.config.backup.storage.credentials_file, "/keys/sa.json");  // inherited

  Loaded iam = load_ok(options(dir.write("iam.yaml",
                                         "configVersion: v2\n"
                                         "backup:\n  storage:\n    provider: aws\n"
                                         "    auth:\n      type: iam\n      endpoint: http://iam.local\n")));
  EXPECT_EQ(iam.config.backup.storage.iam_endpoint, "http://iam.local");
  EXPECT_EQ(iam.config.backup.storage.auth_type, "iam");

  Loaded local = load_ok(options(dir.write("local.yaml",
                                           "configVersion: v2\n"
                                           "milvus:\n  storage:\n    provider: local\n    rootPath: /host/data\n"
                                           "    localPath: /var/lib/milvus/data\n")));
  EXPECT_EQ(local.config.milvus.storage.local_path, "/var/lib/milvus/data");
  EXPECT_EQ(local.config.backup.storage.local_path, "");  // not inherited
}

class Precedence : public ::testing::Test {
 protected:
  TempDir dir;
  std::string path = dir.write("p.yaml",
                               "configVersion: v2\n"
                               "milvus:\n  user: file-user\n  grpc:\n    port: 19000\n"
                               "  storage:\n    auth:\n      accessKeyID: file-ak\n");
};

TEST_F(Precedence, FileBeatsDefault) {
  Loaded loaded = load_ok(options(path));
  EXPECT_EQ(loaded.config.milvus.user, "file-user");
  EXPECT_EQ(loaded.config.milvus.grpc_port, 19000);
  EXPECT_EQ(row(loaded, "milvus.user").source, "config");
  EXPECT_EQ(row(loaded, "milvus.user").source_key, "milvus.user");
  EXPECT_EQ(row(loaded, "milvus.password").source, "default");
}

TEST_F(Precedence, EnvBeatsFile) {
  Env env = {{"MILVUS_USER", "env-user"}, {"MILVUS_STORAGE_AUTH_ACCESS_KEY_ID", "env-ak"}};
  Loaded loaded = load_ok(options(path, {}, env));
  EXPECT_EQ(loaded.config.milvus.user, "env-user");
  EXPECT_EQ(loaded.config.milvus.storage.access_key_id, "env-ak");
  EXPECT_EQ(row(loaded, "milvus.user").source, "env");
  EXPECT_EQ(row(loaded, "milvus.user").source_key, "milvus_user");
}

TEST_F(Precedence, SetBeatsEnv) {
  Loaded loaded =
      load_ok(options(path, {"milvus.user=set-user", "milvus.grpc.port=19001"}, Env{{"MILVUS_USER", "env-user"}}));
  EXPECT_EQ(loaded.config.milvus.user, "set-user");
  EXPECT_EQ(loaded.config.milvus.grpc_port, 19001);
  EXPECT_EQ(row(loaded, "milvus.user").source, "override");
  EXPECT_EQ(row(loaded, "milvus.grpc.port").source, "override");
}

TEST_F(Precedence, SetByEnvVarName) {
  Loaded loaded = load_ok(options(path, {"MILVUS_USER=x"}, Env{{"MILVUS_USER", "env-user"}}));
  EXPECT_EQ(loaded.config.milvus.user, "x");
  EXPECT_EQ(row(loaded, "milvus.user").source, "override");
  EXPECT_EQ(row(loaded, "milvus.user").source_key, "milvus_user");
}

TEST_F(Precedence, SetKeyIsCaseInsensitive) {
  Loaded loaded = load_ok(options(path, {"MILVUS.GRPC.PORT=1234", "Milvus.Storage.Auth.AccessKeyId=set-ak"}));
  EXPECT_EQ(loaded.config.milvus.grpc_port, 1234);
  EXPECT_EQ(loaded.config.milvus.storage.access_key_id, "set-ak");
  EXPECT_EQ(row(loaded, "milvus.grpc.port").source_key, "milvus.grpc.port");
}

TEST_F(Precedence, LastSetWins) {
  Loaded loaded = load_ok(options(path, {"milvus.user=first", "MILVUS_USER=second"}));
  EXPECT_EQ(loaded.config.milvus.user, "second");
}

TEST(Load, EveryCredentialEnvVarApplies) {
  Env env = {{"MILVUS_PASSWORD", "pw"},
             {"MILVUS_STORAGE_ACCOUNT_NAME", "m-account"},
             {"MILVUS_STORAGE_AUTH_SESSION_TOKEN", "m-token"},
             {"BACKUP_STORAGE_AUTH_ACCESS_KEY_ID", "b-ak"},
             {"BACKUP_STORAGE_AUTH_SECRET_ACCESS_KEY", "b-sk"},
             {"ZILLIZ_CLOUD_API_KEY", "cloud-key"},
             {"MILVUS_BACKUP_SERVER_TOKEN", "srv-token"}};
  // accountName only applies to azure, which takes accountKey, not a session token: check those on
  // their own so validation does not get in the way.
  Loaded loaded = load_ok(options_without_file({"milvus.storage.provider=azure", "milvus.storage.auth.type=sharedKey",
                                                "milvus.storage.auth.accountKey=k", "backup.storage.provider=minio",
                                                "backup.storage.auth.type=static"},
                                               Env{{"MILVUS_STORAGE_ACCOUNT_NAME", "m-account"}}));
  EXPECT_EQ(loaded.config.milvus.storage.account_name, "m-account");
  EXPECT_EQ(row(loaded, "milvus.storage.accountName").source, "env");

  env.erase("MILVUS_STORAGE_ACCOUNT_NAME");
  loaded = load_ok(options_without_file({}, env));
  EXPECT_EQ(loaded.config.milvus.password, "pw");
  EXPECT_EQ(loaded.config.milvus.storage.session_token, "m-token");
  EXPECT_EQ(loaded.config.backup.storage.access_key_id, "b-ak");
  EXPECT_EQ(loaded.config.backup.storage.secret_access_key, "b-sk");
  EXPECT_EQ(loaded.config.zilliz_cloud.api_key, "cloud-key");
  EXPECT_EQ(loaded.config.server.auth_token, "srv-token");
  EXPECT_EQ(row(loaded, "backup.storage.auth.accessKeyID").source_key, "backup_storage_auth_access_key_id");
}

TEST(Load, ServerEnvVarsBeatTheFileAndSetBeatsThem) {
  TempDir dir;
  const std::string path = dir.write("s.yaml",
                                     "configVersion: v2\nserver:\n  address: 10.0.0.1\n  stateDir: file-state\n"
                                     "  maxBodyBytes: 100\n");
  const Env env = {{"MILVUS_BACKUP_SERVER_ADDRESS", "10.0.0.2"},
                   {"MILVUS_BACKUP_SERVER_STATE_DIR", "env-state"},
                   {"MILVUS_BACKUP_SERVER_TLS_CERT_PATH", "/env/cert.pem"},
                   {"MILVUS_BACKUP_SERVER_TLS_KEY_PATH", "/env/key.pem"},
                   {"MILVUS_BACKUP_SERVER_MAX_BODY_BYTES", "200"}};
  Loaded loaded = load_ok(options(path, {"server.stateDir=set-state"}, env));
  const ServerConfig& server = loaded.config.server;
  EXPECT_EQ(server.address, "10.0.0.2");
  EXPECT_EQ(server.state_dir, "set-state");
  EXPECT_EQ(server.tls_cert_path, "/env/cert.pem");
  EXPECT_EQ(server.tls_key_path, "/env/key.pem");
  EXPECT_EQ(server.max_body_bytes, 200);
  EXPECT_EQ(row(loaded, "server.address").source, "env");
  EXPECT_EQ(row(loaded, "server.stateDir").source, "override");
  EXPECT_EQ(row(loaded, "server.maxBodyBytes").source_key, "milvus_backup_server_max_body_bytes");

  loaded = load_ok(options(path));
  EXPECT_EQ(loaded.config.server.address, "10.0.0.1");
  EXPECT_EQ(loaded.config.server.max_body_bytes, 100);
  EXPECT_EQ(loaded.config.server.tls_cert_path, "");
  EXPECT_EQ(row(loaded, "server.tls.certPath").source, "default");
}

TEST(Load, NonCredentialEnvVarsAreIgnoredInV2) {
  // Kubernetes injects MILVUS_PORT=tcp://...; v2 deliberately reads connection settings from the file only.
  Env env = {{"MILVUS_PORT", "tcp://10.0.0.1:19530"}, {"MINIO_ADDRESS", "x"}};
  Loaded loaded = load_ok(options_without_file({}, env));
  EXPECT_EQ(loaded.config.milvus.grpc_port, 19530);
  EXPECT_EQ(loaded.config.milvus.storage.address, "localhost");
}

TEST(Load, SetWithoutEqualsIsAnErrorThatDoesNotQuoteIt) {
  std::string message = load_error(options_without_file({"milvus.user=a", "MILVUS_PASSWORD:hunter2"}));
  EXPECT_NE(message.find("invalid --set format, want KEY=VALUE"), std::string::npos) << message;
  EXPECT_NE(message.find("2 of 2"), std::string::npos) << message;
  EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
}

TEST(Load, SetListIsCommaSeparated) {
  Loaded loaded = load_ok(options_without_file({"milvus.etcd.endpoints=a:2379, b:2379,"}));
  EXPECT_EQ(loaded.config.milvus.etcd_endpoints, (std::vector<std::string>{"a:2379", "b:2379"}));
  EXPECT_EQ(row(loaded, "milvus.etcd.endpoints").value, "a:2379,b:2379");
}

TEST(Load, BackupStorageInheritsResolvedMilvusStorageButNotRootPath) {
  TempDir dir;
  Loaded loaded = load_ok(options(dir.write("i.yaml",
                                            "configVersion: v2\n"
                                            "milvus:\n  storage:\n    provider: aws\n    address: s3.example.com\n"
                                            "    port: 443\n    region: eu-west-1\n    useSSL: true\n"
                                            "    bucketName: milvus-bucket\n    rootPath: milvus-root\n"
                                            "    milvusAddress: internal\n    milvusPort: 9100\n"
                                            "    caCertPath: /ca.pem\n"
                                            "    auth:\n      accessKeyID: file-ak\n"),
                                  {}, Env{{"MILVUS_STORAGE_AUTH_SECRET_ACCESS_KEY", "env-sk"}}));
  const StorageConfig& b = loaded.config.backup.storage;
  EXPECT_EQ(b.provider, "aws");
  EXPECT_EQ(b.address, "s3.example.com");
  EXPECT_EQ(b.port, 443);
  EXPECT_EQ(b.region, "eu-west-1");
  EXPECT_TRUE(b.use_ssl);
  EXPECT_EQ(b.bucket_name, "milvus-bucket");
  EXPECT_EQ(b.access_key_id, "file-ak");
  EXPECT_EQ(b.secret_access_key, "env-sk");
  EXPECT_EQ(b.ca_cert_path, "/ca.pem");
  EXPECT_EQ(b.root_path, "backup");
  EXPECT_EQ(b.milvus_address, "");
  EXPECT_EQ(b.milvus_port, 0);
  // Inherited values are defaults of the backup side, not settings of it.
  EXPECT_EQ(row(loaded, "backup.storage.address").source, "default");
  EXPECT_EQ(row(loaded, "backup.storage.address").value, "s3.example.com");
}

TEST(Load, BackupStorageOwnValueBeatsInheritance) {
  Loaded loaded = load_ok(options_without_file({"milvus.storage.bucketName=m", "backup.storage.bucketName=b"}));
  EXPECT_EQ(loaded.config.milvus.storage.bucket_name, "m");
  EXPECT_EQ(loaded.config.backup.storage.bucket_name, "b");
}

TEST(Load, UnknownKeyIsAWarningNotAnError) {
  TempDir dir;
  std::string path = dir.write("u.yaml", "configVersion: v2\nmilvus:\n  grpc:\n    adress: typo\n");
  Loaded loaded = load_ok(options(path, {"milvus.grpc.nope=1"}));
  std::string warnings = all_warnings(loaded);
  EXPECT_NE(warnings.find(path + ": line 4: key \"milvus.grpc.adress\" is not a known setting"), std::string::npos)
      << warnings;
  EXPECT_NE(warnings.find("--set key \"milvus.grpc.nope\" is not a known setting"), std::string::npos) << warnings;
  EXPECT_EQ(loaded.config.milvus.grpc_address, "localhost");
}

TEST(Load, V1KeyInV2FileWarnsWithItsReplacement) {
  TempDir dir;
  std::string path = dir.write("u.yaml", "configVersion: v2\nminio:\n  address: old-host\nhttp:\n  enabled: true\n");
  Loaded loaded = load_ok(options(path, {"MINIO_PORT=1"}));
  std::string warnings = all_warnings(loaded);
  EXPECT_NE(warnings.find("\"minio.address\" is a v1 setting not read from a v2 config; ignoring it, use "
                          "milvus.storage.address instead"),
            std::string::npos)
      << warnings;
  EXPECT_NE(warnings.find("\"http.enabled\" is a v1 setting removed in v2"), std::string::npos) << warnings;
  EXPECT_NE(warnings.find("--set key \"MINIO_PORT\" is a v1 setting not read from a v2 config; ignoring it, use the "
                          "milvus.storage.port config key instead"),
            std::string::npos)
      << warnings;
  EXPECT_EQ(loaded.config.milvus.storage.address, "localhost");
}

TEST(Load, MilvusConfDirectoryIsSearched) {
  TempDir conf;
  std::string path = conf.write("mb-conf-test.yaml", "configVersion: v2\nmilvus:\n  user: from-milvusconf\n");
  Loaded loaded = load_ok(options("mb-conf-test.yaml", {}, Env{{"MILVUSCONF", conf.path().string()}}));
  EXPECT_EQ(loaded.file_used, path);
  EXPECT_EQ(loaded.config.milvus.user, "from-milvusconf");
}

TEST(Load, ConfigsFolderIsSearched) {
  TempDir work;
  work.write("configs/mb-cwd-test.yaml", "configVersion: v2\nmilvus:\n  user: from-configs\n");
  testing::ScopedCwd cwd(work.path());
  Loaded loaded = load_ok(options("mb-cwd-test.yaml"));
  EXPECT_EQ(loaded.file_used, "configs/mb-cwd-test.yaml");
  EXPECT_EQ(loaded.config.milvus.user, "from-configs");
}

TEST(Load, ExplicitMissingFileListsEveryPathTried) {
  std::string message = load_error(options("/no/such/mb.yaml", {}, Env{{"MILVUSCONF", "/etc/mb"}}));
  EXPECT_NE(message.find("cannot locate config file \"/no/such/mb.yaml\""), std::string::npos) << message;
  EXPECT_NE(message.find("tried: /no/such/mb.yaml, /etc/mb/mb.yaml, configs/mb.yaml"), std::string::npos) << message;
}

TEST(Load, NullLeafKeepsDefault) {
  TempDir dir;
  std::string path = dir.write("n.yaml", "configVersion: v2\nmilvus:\n  grpc:\n    port:\n    address: ~\n");
  Loaded loaded = load_ok(options(path));
  EXPECT_EQ(loaded.config.milvus.grpc_port, 19530);
  EXPECT_EQ(loaded.config.milvus.grpc_address, "localhost");
  EXPECT_EQ(row(loaded, "milvus.grpc.port").source, "default");
}

TEST(Load, ConfigVersionIsCaseInsensitive) {
  TempDir dir;
  Loaded loaded = load_ok(options(dir.write("v.yaml", "configVersion: V2\nmilvus:\n  grpc:\n    port: 1\n")));
  EXPECT_EQ(loaded.config.milvus.grpc_port, 1);
  EXPECT_EQ(all_warnings(loaded), "");
}

TEST(Load, UnknownConfigVersionIsAnError) {
  TempDir dir;
  std::string path = dir.write("v.yaml", "configVersion: v3\n");
  std::string message = load_error(options(path));
  EXPECT_NE(message.find(path + ": configVersion \"v3\" is not a schema version"), std::string::npos) << message;
}

TEST(Load, BadYamlErrorNamesFileAndLine) {
  TempDir dir;
  std::string path = dir.write("bad.yaml", "configVersion: v2\nmilvus:\n  grpc:\n    port: 1\n   user: x\n");
  std::string message = load_error(options(path));
  EXPECT_NE(message.find(path + ": invalid YAML at line 5"), std::string::npos) << message;
}

TEST(Load, ValuesAreInConfigShowOrderWithGoNames) {
  Loaded loaded = load_ok(options_without_file());
  ASSERT_FALSE(loaded.values.empty());
  EXPECT_EQ(loaded.values.front().param, "Log.Level");
  EXPECT_EQ(loaded.values.back().param, "Cloud.APIKey");
  EXPECT_EQ(row(loaded, "backup.storage.auth.accessKeyID").param, "Backup.Storage.Auth.AccessKeyID");
  EXPECT_EQ(row(loaded, "milvus.grpc.tlsMode").param, "Milvus.Grpc.TLSMode");
  EXPECT_EQ(row(loaded, "milvus.grpc.tlsMode").value, "disabled");
  EXPECT_EQ(row(loaded, "transfer.rateLimitMiB").param, "Transfer.RateLimitMiB");
  EXPECT_EQ(row(loaded, "log.console").value, "true");
}

TEST(Load, SecretsAreMaskedInValues) {
  Loaded loaded = load_ok(options_without_file({"milvus.password=supersecret123", "zillizCloud.apiKey=abc"},
                                               Env{{"MILVUS_BACKUP_SERVER_TOKEN", "token-value"}}));
  EXPECT_EQ(row(loaded, "milvus.password").value, "su****23");
  EXPECT_EQ(row(loaded, "zillizCloud.apiKey").value, "****");
  EXPECT_EQ(row(loaded, "server.auth.token").value, "to****ue");
  EXPECT_EQ(row(loaded, "milvus.storage.auth.sessionToken").value, "");
  EXPECT_EQ(row(loaded, "milvus.storage.auth.secretAccessKey").value, "mi****in");
  EXPECT_EQ(row(loaded, "milvus.user").value, "");
  // The Config itself holds the real value.
  EXPECT_EQ(loaded.config.milvus.password, "supersecret123");
}

}  // namespace
}  // namespace mb::config
