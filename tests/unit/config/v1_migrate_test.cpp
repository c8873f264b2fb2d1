// `config migrate`: a v1 file rewritten as v2 must load to what the v1 file loads to, write only
// what the v1 file decided, and keep secrets that came from env vars out of the file.
#include "config/v1_migrate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include "test_support.h"

namespace mb::config {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::data_file;
using testing::Env;
using testing::options;
using testing::row;
using testing::TempDir;

// Every parameter's value; secrets in full (`config show` rows mask them).
std::map<std::string, std::string> settings(const Loaded& loaded) {
  std::map<std::string, std::string> out;
  for (const auto& v : loaded.values) out[v.key] = v.value;
  const Config& c = loaded.config;
  out["milvus.password"] = c.milvus.password;
  out["zillizCloud.apiKey"] = c.zilliz_cloud.api_key;
  out["server.auth.token"] = c.server.auth_token;
  for (const auto& [prefix, storage] : {std::pair{"milvus.storage", &c.milvus.storage},
                                        std::pair{"backup.storage", &c.backup.storage}}) {
    out[std::string(prefix) + ".auth.secretAccessKey"] = storage->secret_access_key;
    out[std::string(prefix) + ".auth.sessionToken"] = storage->session_token;
    out[std::string(prefix) + ".auth.accountKey"] = storage->account_key;
  }
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

class Migrate : public ::testing::Test {
 protected:
  Result<Migration> migrate(const std::string& v1_body, Env env = {}, bool strict = false) {
    v1_path = dir.write("v1.yaml", v1_body);
    MigrateOptions o;
    o.input = options(v1_path, {}, std::move(env));
    o.strict = strict;
    return migrate_v1(o);
  }

  Loaded load_ok(const std::string& path, Env env = {}) {
    auto loaded = load(options(path, {}, std::move(env)));
    EXPECT_TRUE(loaded) << loaded.error().to_string();
    return loaded ? *loaded : Loaded{};
  }

  // Migrates the v1 body, loads the result (with `v2_env`) and compares every setting with loading
  // the v1 body directly (with `v1_env`), except `unused`: settings the configured provider never
  // reads, which v1 left at their defaults and v2 inherits from the Milvus side.
  Migration expect_same_settings(const std::string& v1_body, Env v1_env = {}, Env v2_env = {},
                                 const std::set<std::string>& unused = {}) {
    auto migration = migrate(v1_body, v1_env);
    EXPECT_TRUE(migration) << migration.error().to_string();
    if (!migration) return {};
    const Loaded direct = load_ok(v1_path, std::move(v1_env));
    const Loaded migrated = load_ok(dir.write("v2.yaml", migration->yaml), std::move(v2_env));
    const auto want = settings(direct);
    const auto got = settings(migrated);
    for (const auto& [key, value] : want) {
      if (unused.contains(key)) continue;
      EXPECT_EQ(got.at(key), value) << key << "\n" << migration->yaml;
    }
    EXPECT_THAT(testing::all_warnings(migrated), Not(HasSubstr("v1"))) << "the result must read as v2";
    return *migration;
  }

  TempDir dir;
  std::string v1_path;
};

const char* const kMinioV1 =
    "milvus:\n  address: milvus-host\n  port: 29530\n  user: root\n  password: Milvus\n  tlsMode: 1\n"
    "  etcd:\n    endpoints: \"e1:2379, e2:2379\"\n"
    "minio:\n  address: minio-host\n  port: 9001\n  accessKeyID: ak\n  secretAccessKey: sk\n"
    "  bucketName: milvus-bucket\n  rootPath: milvus-root\n  backupBucketName: backup-bucket\n"
    "  crossStorage: true\n"
    "backup:\n  parallelism:\n    copydata: 16\n  gcPause:\n    address: http://mgmt:9091\n";

TEST_F(Migrate, MinioFileLoadsToTheSameSettings) {
  Migration m = expect_same_settings(kMinioV1);
  const Loaded migrated = load_ok(dir.write("v2.yaml", m.yaml));
  EXPECT_EQ(migrated.config.milvus.storage.secret_access_key, "sk") << "a secret from the file itself is carried";
  EXPECT_EQ(migrated.config.milvus.etcd_endpoints, (std::vector<std::string>{"e1:2379", "e2:2379"}));
  EXPECT_EQ(row(migrated, "milvus.grpc.tlsMode").value, "server");
  EXPECT_EQ(row(migrated, "transfer.mode").value, "streaming");
  // v1 put backups under minio.rootPath when minio.backupRootPath was not set; v2 would not.
  EXPECT_EQ(row(migrated, "backup.storage.rootPath").value, "milvus-root");
  EXPECT_THAT(joined(m.report.notes), HasSubstr("backup.storage.rootPath: written out"));
}

TEST_F(Migrate, WritesConfigVersionFirstAndOnlyWhatTheFileDecided) {
  auto m = migrate("minio:\n  address: minio-host\n");
  ASSERT_TRUE(m) << m.error().to_string();
  std::istringstream lines(m->yaml);
  std::string line;
  while (std::getline(lines, line) && (line.empty() || line.starts_with("#"))) {
  }
  EXPECT_EQ(line, "configVersion: v2");
  EXPECT_THAT(m->yaml, HasSubstr("milvus:\n  storage:\n    address: \"minio-host\"\n"));
  // The v1 default of the backup root path ("files", inherited) differs from v2's ("backup").
  EXPECT_THAT(m->yaml, HasSubstr("backup:\n  storage:\n    rootPath: \"files\"\n"));
  for (const char* untouched : {"log", "server", "grpc", "etcd", "provider", "auth", "transfer", "restore"}) {
    EXPECT_THAT(m->yaml, Not(HasSubstr(std::string(untouched) + ":"))) << m->yaml;
  }
}

TEST_F(Migrate, V1DefaultSampleLoadsToTheSameSettings) {
  std::ifstream in(data_file("go_v1_default.yaml"));
  std::stringstream body;
  body << in.rdbuf();
  Migration m = expect_same_settings(body.str());
  // gcpCredentialJSON does nothing for minio, and the sample's Go-only keys have no counterpart.
  EXPECT_THAT(joined(m.report.not_carried), HasSubstr("minio.gcpCredentialJSON: not used with the storage provider"));
  EXPECT_THAT(joined(m.report.not_carried), HasSubstr("http.simpleResponse: removed in v2"));
  EXPECT_THAT(joined(m.report.not_carried), HasSubstr("backup.maxSegmentGroupSize: removed in v2"));
  EXPECT_THAT(joined(m.report.not_carried), HasSubstr("http.enabled: removed in v2"));
  EXPECT_THAT(joined(m.report.mapped), HasSubstr("log.file.filename -> log.file.path"));
  EXPECT_THAT(joined(m.report.mapped),
              HasSubstr("minio.storageType -> milvus.storage.provider, milvus.storage.auth.type"));
}

TEST_F(Migrate, AzureKeysBecomeAccountNameAndAccountKey) {
  Migration m = expect_same_settings(
      "minio:\n  storageType: azure\n  address: core.windows.net\n  port: 443\n  useSSL: true\n"
      "  accessKeyID: account\n  secretAccessKey: account-key\n  bucketName: container\n  rootPath: files\n"
      "  backupRootPath: backup\n");
  const Loaded migrated = load_ok(dir.write("v2.yaml", m.yaml));
  const StorageConfig& s = migrated.config.milvus.storage;
  EXPECT_EQ(s.provider, "azure");
  EXPECT_EQ(s.auth_type, "sharedKey");
  EXPECT_EQ(s.account_name, "account");
  EXPECT_EQ(s.account_key, "account-key");
  EXPECT_EQ(migrated.config.backup.storage.account_name, "account");
  EXPECT_THAT(m.yaml, Not(HasSubstr("accessKeyID")));
  EXPECT_THAT(joined(m.report.mapped), HasSubstr("minio.accessKeyID -> milvus.storage.accountName"));
}

TEST_F(Migrate, AzureUseIamBecomesAuthTypeDefault) {
  Migration m = expect_same_settings(
      "minio:\n  storageType: azure\n  address: core.windows.net\n  port: 443\n  accessKeyID: account\n"
      "  useIAM: true\n");
  EXPECT_EQ(load_ok(dir.write("v2.yaml", m.yaml)).config.milvus.storage.auth_type, "default");
}

TEST_F(Migrate, GcpCredentialJsonBecomesServiceAccountCredentialsFile) {
  Migration m = expect_same_settings(
      "minio:\n  storageType: gcpnative\n  address: storage.googleapis.com\n  port: 443\n  useSSL: true\n"
      "  gcpCredentialJSON: /keys/milvus.json\n  backupGcpCredentialJSON: /keys/backup.json\n");
  const Loaded migrated = load_ok(dir.write("v2.yaml", m.yaml));
  EXPECT_EQ(migrated.config.milvus.storage.auth_type, "serviceAccount");
  EXPECT_EQ(migrated.config.milvus.storage.credentials_file, "/keys/milvus.json");
  EXPECT_EQ(migrated.config.backup.storage.credentials_file, "/keys/backup.json");
}

TEST_F(Migrate, UseIamBecomesAuthTypeIam) {
  Migration m = expect_same_settings(
      "minio:\n  cloudProvider: aws\n  address: s3.us-east-1.amazonaws.com\n  port: 443\n  region: us-east-1\n"
      "  useSSL: true\n  useIAM: true\n  iamEndpoint: http://iam.local\n  bucketName: b\n");
  const Loaded migrated = load_ok(dir.write("v2.yaml", m.yaml));
  EXPECT_EQ(migrated.config.milvus.storage.auth_type, "iam");
  EXPECT_EQ(migrated.config.milvus.storage.iam_endpoint, "http://iam.local");
  EXPECT_EQ(migrated.config.backup.storage.auth_type, "iam");
  EXPECT_THAT(joined(m.report.mapped), HasSubstr("minio.useIAM -> milvus.storage.auth.type"));
}

TEST_F(Migrate, LocalBackupStorage) {
  // A local backup side reads no credentials: v1 left them at their defaults, v2 inherits them.
  expect_same_settings(
      "minio:\n  accessKeyID: ak\n  secretAccessKey: sk\n  backupStorageType: local\n"
      "  backupRootPath: /var/lib/milvus-backup\n",
      {}, {}, {"backup.storage.auth.accessKeyID", "backup.storage.auth.secretAccessKey"});
}

TEST_F(Migrate, LocalMilvusStorage) {
  expect_same_settings(
      "storage:\n  storageType: local\n  backupStorageType: minio\n"
      "minio:\n  rootPath: /var/lib/milvus/data\n  backupAddress: minio-host\n  backupRootPath: backup\n");
}

TEST_F(Migrate, AzureBackupOfMinioMilvusKeepsTheInheritedCredentials) {
  // v1's backup side inherits minio.accessKeyID and minio.secretAccessKey, which azure reads as its
  // account name and key; v2 would inherit the Milvus side's accountName and accountKey instead.
  Migration m = expect_same_settings(
      "minio:\n  accessKeyID: account\n  secretAccessKey: account-key\n  backupStorageType: azure\n"
      "  backupAddress: core.windows.net\n  backupPort: 443\n",
      {}, {}, {"backup.storage.auth.accessKeyID", "backup.storage.auth.secretAccessKey"});
  const Loaded migrated = load_ok(dir.write("v2.yaml", m.yaml));
  EXPECT_EQ(migrated.config.backup.storage.account_name, "account");
  EXPECT_EQ(migrated.config.backup.storage.account_key, "account-key");
}

TEST_F(Migrate, RefusesAV2File) {
  auto m = migrate("configVersion: v2\nmilvus:\n  grpc:\n    address: h\n");
  ASSERT_FALSE(m);
  EXPECT_THAT(m.error().message, HasSubstr("already a v2 config"));
  EXPECT_FALSE(migrate("configVersion: v3\n"));
  EXPECT_TRUE(migrate("configVersion: v1\nmilvus:\n  address: h\n"));
}

TEST_F(Migrate, SecretFromAV1EnvVarIsNotWritten) {
  const Env v1_env = {{"MINIO_SECRET_KEY", "env-secret-value"}, {"MINIO_ADDRESS", "env-host"}};
  const Env v2_env = {{"MILVUS_STORAGE_AUTH_SECRET_ACCESS_KEY", "env-secret-value"}};
  Migration m = expect_same_settings("minio:\n  accessKeyID: ak\n", v1_env, v2_env);
  EXPECT_THAT(m.yaml, Not(HasSubstr("env-secret-value")));
  EXPECT_THAT(m.yaml, Not(HasSubstr("secretAccessKey: \"")));
  EXPECT_THAT(m.yaml, HasSubstr("# Read from environment variables"));
  EXPECT_THAT(m.yaml, HasSubstr("milvus.storage.auth.secretAccessKey: env MILVUS_STORAGE_AUTH_SECRET_ACCESS_KEY"));
  // A non-secret v1 env var v2 no longer reads is carried into the file.
  EXPECT_THAT(m.yaml, HasSubstr("address: \"env-host\""));
  const std::string report = render_report(m);
  EXPECT_THAT(report, Not(HasSubstr("env-secret-value")));
  EXPECT_THAT(report, HasSubstr("MINIO_SECRET_KEY -> MILVUS_STORAGE_AUTH_SECRET_ACCESS_KEY"));
  EXPECT_THAT(report, HasSubstr("MINIO_ADDRESS -> the milvus.storage.address config key"));
  EXPECT_THAT(report, HasSubstr("set MILVUS_STORAGE_AUTH_SECRET_ACCESS_KEY instead"));
}

TEST_F(Migrate, SecretInheritedFromAV1EnvVarIsNotWrittenOnTheBackupSideEither) {
  const Env v1_env = {{"MINIO_SECRET_KEY", "env-secret-value"}};
  const Env v2_env = {{"MILVUS_STORAGE_AUTH_SECRET_ACCESS_KEY", "env-secret-value"},
                      {"BACKUP_STORAGE_AUTH_ACCOUNT_KEY", "env-secret-value"}};
  Migration m = expect_same_settings("minio:\n  accessKeyID: account\n  backupStorageType: azure\n", v1_env, v2_env,
                                     {"backup.storage.auth.accessKeyID", "backup.storage.auth.secretAccessKey"});
  EXPECT_THAT(m.yaml, Not(HasSubstr("env-secret-value")));
  EXPECT_THAT(m.yaml, HasSubstr("backup.storage.auth.accountKey: env BACKUP_STORAGE_AUTH_ACCOUNT_KEY"));
}

TEST_F(Migrate, EnvVarV2StillReadsIsLeftThere) {
  Migration m = expect_same_settings("milvus:\n  address: h\n", {{"MILVUS_USER", "env-user"}},
                                     {{"MILVUS_USER", "env-user"}});
  EXPECT_THAT(m.yaml, Not(HasSubstr("env-user")));
  EXPECT_THAT(joined(m.report.notes), HasSubstr("milvus.user: v2 reads MILVUS_USER too"));
}

TEST_F(Migrate, StrictFailsWithTheValidationErrors) {
  const std::string body = "backup:\n  parallelism:\n    copydata: 0\n";
  auto lenient = migrate(body);
  ASSERT_TRUE(lenient) << lenient.error().to_string();
  EXPECT_THAT(joined(lenient->report.notes), HasSubstr("not valid v2"));
  auto strict = migrate(body, {}, /*strict=*/true);
  ASSERT_FALSE(strict);
  EXPECT_THAT(strict.error().message, HasSubstr("not valid v2"));
  EXPECT_THAT(strict.error().message, HasSubstr("transfer.concurrency: invalid value 0"));
  EXPECT_TRUE(migrate(kMinioV1, {}, /*strict=*/true));
}

TEST_F(Migrate, ReportsRemovedAndUnknownKeys) {
  auto m = migrate("http:\n  enabled: false\nminio:\n  address: h\n  colour: blue\n");
  ASSERT_TRUE(m) << m.error().to_string();
  const std::string report = render_report(*m);
  EXPECT_THAT(report, HasSubstr("migration report for " + v1_path));
  EXPECT_THAT(report, HasSubstr("http.enabled: removed in v2"));
  EXPECT_THAT(report, HasSubstr("\"minio.colour\" is not a known setting"));
  EXPECT_THAT(report, HasSubstr("minio.address -> milvus.storage.address"));
  EXPECT_THAT(report, HasSubstr("the REST server is always available"));
}

TEST_F(Migrate, MissingFileIsAnError) {
  MigrateOptions o;
  o.input = options((dir.path() / "absent.yaml").string());
  auto m = migrate_v1(o);
  ASSERT_FALSE(m);
  EXPECT_THAT(m.error().message, HasSubstr("cannot locate config file"));
}

TEST(WriteMigratedConfig, RefusesToOverwriteUnlessAsked) {
  TempDir dir;
  const std::string path = (dir.path() / "v2.yaml").string();
  ASSERT_TRUE(write_migrated_config(path, "first\n", false));
  auto again = write_migrated_config(path, "second\n", false);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  ASSERT_TRUE(write_migrated_config(path, "second\n", true));
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "second\n");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1) << "no temporary file is left";
}

}  // namespace
}  // namespace mb::config
