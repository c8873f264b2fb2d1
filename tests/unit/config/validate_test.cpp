// Validation through load(): types, ranges, enums, endpoints, and the provider/auth rules. Every
// error names the key and where the value came from, and all errors are reported at once.
#include <gtest/gtest.h>

#include <algorithm>

#include "config/loader.h"
#include "test_support.h"

namespace mb::config {
namespace {

using testing::Env;
using testing::options;
using testing::options_without_file;
using testing::TempDir;

class Validation : public ::testing::Test {
 protected:
  // Loads a v2 file made of `body`, expecting failure; returns the error message.
  std::string error_for(const std::string& body, std::vector<std::string> overrides = {}, Env env = {}) {
    path = dir.write("v.yaml", "configVersion: v2\n" + body);
    auto loaded = load(options(path, std::move(overrides), std::move(env)));
    EXPECT_FALSE(loaded) << "expected an error for:\n" << body;
    if (loaded) return "";
    EXPECT_EQ(loaded.error().code, ErrorCode::kConfig);
    return loaded.error().message;
  }

  Loaded ok_for(const std::string& body, std::vector<std::string> overrides = {}) {
    path = dir.write("v.yaml", "configVersion: v2\n" + body);
    auto loaded = load(options(path, std::move(overrides)));
    EXPECT_TRUE(loaded) << loaded.error().to_string();
    return loaded ? *loaded : Loaded{};
  }

  TempDir dir;
  std::string path;
};

#define EXPECT_CONTAINS(haystack, needle) \
  EXPECT_NE((haystack).find(needle), std::string::npos) << "missing: " << (needle) << "\nin: " << (haystack)

TEST_F(Validation, WrongTypeNamesFileAndKey) {
  std::string message = error_for("milvus:\n  grpc:\n    port: abc\n");
  EXPECT_CONTAINS(message, path + ": milvus.grpc.port: \"abc\" is not an integer");
}

TEST_F(Validation, WrongTypeFromSetOrEnvNamesThatSource) {
  std::string message = error_for("", {"milvus.storage.useSSL=yes"});
  EXPECT_CONTAINS(message, "--set milvus.storage.useSSL: \"yes\" is not a boolean");
}

TEST_F(Validation, BoolsAcceptGoSpellingsOnly) {
  EXPECT_TRUE(ok_for("restore:\n  keepTempFiles: \"T\"\n").config.restore.keep_temp_files);
  EXPECT_FALSE(ok_for("log:\n  console: False\n").config.log.console);
  EXPECT_CONTAINS(error_for("log:\n  console: yes\n"), path + ": log.console: \"yes\" is not a boolean");
}

TEST_F(Validation, IntegersAcceptIntegralYamlFloatsOnly) {
  EXPECT_EQ(ok_for("transfer:\n  concurrency: 6.4e1\n").config.transfer.concurrency, 64);
  EXPECT_EQ(ok_for("transfer:\n  concurrency: \"32\"\n").config.transfer.concurrency, 32);
  EXPECT_CONTAINS(error_for("transfer:\n  concurrency: 1.5\n"),
                  path + ": transfer.concurrency: \"1.5\" is not an integer");
  EXPECT_CONTAINS(error_for("transfer:\n  concurrency: 3000000000\n"),
                  path + ": transfer.concurrency: 3000000000 is out of range");
  EXPECT_EQ(ok_for("transfer:\n  multipartCopyThresholdMiB: 3000000000\n").config.transfer.multipart_copy_threshold_mib,
            3000000000);
}

TEST_F(Validation, ListsMustBeYamlListsInFiles) {
  EXPECT_CONTAINS(error_for("milvus:\n  etcd:\n    endpoints: a:2379,b:2379\n"),
                  path + ": milvus.etcd.endpoints: must be a YAML list");
  EXPECT_CONTAINS(error_for("milvus:\n  grpc:\n    address: [a, b]\n"), path + ": milvus.grpc.address: is a list");
  EXPECT_CONTAINS(error_for("milvus:\n  etcd:\n    endpoints: []\n"),
                  path + ": milvus.etcd.endpoints: at least one endpoint is required");
}

TEST_F(Validation, PortOutOfRange) {
  EXPECT_CONTAINS(error_for("milvus:\n  grpc:\n    port: 70000\n"),
                  path + ": milvus.grpc.port: 70000 out of range 1-65535");
  EXPECT_CONTAINS(error_for("", {"milvus.storage.port=0"}), "--set milvus.storage.port: 0 out of range 1-65535");
}

TEST_F(Validation, EnumsAreCaseInsensitiveAndNormalised) {
  Loaded loaded = ok_for(
      "log:\n  level: WARN\n"
      "milvus:\n  grpc:\n    tlsMode: Server\n  storage:\n    provider: MinIO\n    auth:\n      type: Static\n"
      "transfer:\n  mode: Direct\n");
  EXPECT_EQ(loaded.config.log.level, "warn");
  EXPECT_EQ(loaded.config.milvus.tls_mode, TlsMode::kServer);
  EXPECT_EQ(loaded.config.milvus.storage.provider, "minio");
  EXPECT_EQ(loaded.config.milvus.storage.auth_type, "static");
  EXPECT_EQ(loaded.config.transfer.mode, TransferMode::kDirect);
  Loaded azure = ok_for("milvus:\n  storage:\n    provider: azure\n    accountName: acct\n"
                        "    auth:\n      type: SHAREDKEY\n      accountKey: k\n");
  EXPECT_EQ(azure.config.milvus.storage.auth_type, "sharedKey");
}

TEST_F(Validation, InvalidEnumListsTheAllowedValues) {
  EXPECT_CONTAINS(error_for("transfer:\n  mode: fast\n"),
                  path + ": transfer.mode: invalid value \"fast\", want one of: auto, direct, streaming");
  EXPECT_CONTAINS(error_for("milvus:\n  storage:\n    provider: dropbox\n"),
                  path + ": milvus.storage.provider: invalid value \"dropbox\"");
  EXPECT_CONTAINS(error_for("log:\n  level: loud\n"), path + ": log.level: invalid value \"loud\"");
}

TEST_F(Validation, TlsModeInV1SpellingGetsAHint) {
  EXPECT_CONTAINS(error_for("milvus:\n  grpc:\n    tlsMode: 1\n"),
                  path + ": milvus.grpc.tlsMode: \"1\" is the v1 spelling of this mode, write it as \"server\"");
}

TEST_F(Validation, MutualTlsNeedsCertAndKey) {
  EXPECT_CONTAINS(error_for("milvus:\n  grpc:\n    tlsMode: mutual\n    mtlsCertPath: /c.pem\n"),
                  "milvus.grpc.mtlsCertPath and milvus.grpc.mtlsKeyPath are required "
                  "when milvus.grpc.tlsMode is \"mutual\"");
}

TEST_F(Validation, EndpointsMustBeAbsoluteHttpUrls) {
  EXPECT_CONTAINS(error_for("milvus:\n  management:\n    endpoint: localhost:9091\n"),
                  path + ": milvus.management.endpoint: invalid URL \"localhost:9091\"");
  EXPECT_CONTAINS(error_for("milvus:\n  rest:\n    endpoint: http:///path\n"), "milvus.rest.endpoint: invalid URL");
  EXPECT_EQ(ok_for("milvus:\n  rest:\n    endpoint: HTTPS://proxy:19530/base\n").config.milvus.rest_endpoint,
            "HTTPS://proxy:19530/base");
}

TEST_F(Validation, CountsMustBePositive) {
  EXPECT_CONTAINS(error_for("backup:\n  concurrency:\n    segments: 0\n"),
                  path + ": backup.concurrency.segments: invalid value 0, want a positive number");
  EXPECT_CONTAINS(error_for("transfer:\n  rateLimitMiB: -1\n"), path + ": transfer.rateLimitMiB: invalid value -1");
  EXPECT_EQ(ok_for("transfer:\n  rateLimitMiB: 0\n").config.transfer.rate_limit_mib_per_sec, 0);
}

TEST_F(Validation, ServerKeys) {
  EXPECT_CONTAINS(error_for("server:\n  maxBodyBytes: 0\n"),
                  path + ": server.maxBodyBytes: invalid value 0, want a positive number");
  EXPECT_CONTAINS(error_for("server:\n  address: \"\"\n"), path + ": server.address: is empty");
  EXPECT_CONTAINS(error_for("server:\n  stateDir: \"\"\n"), path + ": server.stateDir: is empty");
  // Half a TLS pair is left to the server command: its flags may complete it.
  EXPECT_EQ(ok_for("server:\n  tls:\n    certPath: /c.pem\n").config.server.tls_cert_path, "/c.pem");
}

TEST_F(Validation, PauseGcRequiredNeedsPauseGc) {
  EXPECT_CONTAINS(error_for("backup:\n  pauseGC: false\n  pauseGCRequired: true\n"),
                  path + ": backup.pauseGCRequired is true, but backup.pauseGC is false");
}

TEST_F(Validation, AzureNeedsAccountName) {
  EXPECT_CONTAINS(error_for("milvus:\n  storage:\n    provider: azure\n"
                            "    auth:\n      type: sharedKey\n      accountKey: k\n"),
                  path + ": milvus.storage.accountName is required for the azure provider");
}

TEST_F(Validation, AccountNameOnlyForAzure) {
  EXPECT_CONTAINS(error_for("", {}, Env{{"BACKUP_STORAGE_ACCOUNT_NAME", "acct"}}),
                  "env BACKUP_STORAGE_ACCOUNT_NAME only applies to the azure provider, "
                  "but backup.storage.provider is \"minio\"");
}

TEST_F(Validation, CredentialNotUsedByAuthTypeIsRejected) {
  EXPECT_CONTAINS(error_for("milvus:\n  storage:\n    auth:\n      accountKey: k\n"),
                  path + ": milvus.storage.auth.accountKey does not apply when milvus.storage.auth.type is \"static\"");
  EXPECT_CONTAINS(error_for("backup:\n  storage:\n    auth:\n      type: iam\n      accessKeyID: ak\n"),
                  path + ": backup.storage.auth.accessKeyID does not apply when backup.storage.auth.type is \"iam\"");
}

TEST_F(Validation, InheritedCredentialsDoNotCountAsSet) {
  // The backup side inherits the Milvus side's static keys, but only as defaults: switching the
  // backup side to iam must not make them "set".
  Loaded loaded = ok_for("milvus:\n  storage:\n    auth:\n      accessKeyID: ak\n"
                         "backup:\n  storage:\n    provider: aws\n    auth:\n      type: iam\n");
  EXPECT_EQ(loaded.config.backup.storage.auth_type, "iam");
}

TEST_F(Validation, AuthTypeMustSuitTheProvider) {
  EXPECT_CONTAINS(error_for("milvus:\n  storage:\n    provider: gcpnative\n    auth:\n      type: static\n"),
                  path + ": milvus.storage.auth.type: invalid value \"static\" for provider \"gcpnative\", "
                         "want one of: "
                         "serviceAccount, default");
}

TEST_F(Validation, RequiredCredentials) {
  EXPECT_CONTAINS(error_for("milvus:\n  storage:\n    auth:\n      accessKeyID: \"\"\n"),
                  path + ": milvus.storage.auth.accessKeyID is required when milvus.storage.auth.type is \"static\"");
  EXPECT_CONTAINS(error_for("milvus:\n  storage:\n    provider: gcpnative\n    auth:\n      type: serviceAccount\n"),
                  path + ": milvus.storage.auth.credentialsFile is required "
                         "when milvus.storage.auth.type is \"serviceAccount\"");
}

TEST_F(Validation, LocalProviderRules) {
  EXPECT_CONTAINS(error_for("milvus:\n  storage:\n    localPath: /data\n"),
                  path + ": milvus.storage.localPath only applies to the local provider, "
                         "but milvus.storage.provider is \"minio\"");
  EXPECT_CONTAINS(error_for("backup:\n  storage:\n    provider: local\n    milvusAddress: host\n"),
                  path + ": backup.storage.milvusAddress does not apply to the local provider");
  // A local store has no endpoint or credentials to check.
  Loaded loaded =
      ok_for("milvus:\n  storage:\n    provider: local\n    port: 0\n    auth:\n      accountKey: ignored\n");
  EXPECT_EQ(loaded.config.milvus.storage.provider, "local");
}

TEST_F(Validation, MilvusViewEndpoint) {
  EXPECT_CONTAINS(error_for("backup:\n  storage:\n    milvusAddress: http://minio:9000\n"),
                  path + ": backup.storage.milvusAddress: must be a host, not a URL");
  EXPECT_CONTAINS(error_for("backup:\n  storage:\n    milvusPort: 9001\n"),
                  path + ": backup.storage.milvusPort requires backup.storage.milvusAddress to be set");
}

TEST_F(Validation, EveryErrorIsReportedAtOnce) {
  std::string message = error_for("milvus:\n  grpc:\n    port: 70000\ntransfer:\n  mode: fast\n  concurrency: x\n");
  EXPECT_CONTAINS(message, "milvus.grpc.port: 70000 out of range");
  EXPECT_CONTAINS(message, "transfer.mode: invalid value");
  EXPECT_CONTAINS(message, "transfer.concurrency: \"x\" is not an integer");
  EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 2) << message;
}

TEST_F(Validation, ErrorsWithoutAFileNameTheKey) {
  auto loaded = load(options_without_file({"milvus.storage.provider=azure", "milvus.storage.auth.type=default"}));
  ASSERT_FALSE(loaded);
  EXPECT_CONTAINS(loaded.error().message, "milvus.storage.accountName is required for the azure provider");
}

TEST_F(Validation, SecretsNeverAppearInErrors) {
  const std::string secret = "s3cr3t-value-9876";
  std::string message = error_for("milvus:\n  password: [" + secret + "]\n  storage:\n    provider: gcpnative\n"
                                  "    auth:\n      type: serviceAccount\n      credentialsFile: /sa.json\n"
                                  "      accountKey: " + secret + "\n      sessionToken: " + secret + "\n",
                                  {"milvus.storage.auth.secretAccessKey=" + secret},
                                  Env{{"ZILLIZ_CLOUD_API_KEY", secret}, {"MILVUS_STORAGE_AUTH_SESSION_TOKEN", secret}});
  EXPECT_CONTAINS(message, "milvus.password: is a list");
  EXPECT_CONTAINS(message, "--set milvus.storage.auth.secretAccessKey");
  EXPECT_CONTAINS(message, "auth.accountKey does not apply");
  EXPECT_EQ(message.find(secret), std::string::npos) << message;
}

}  // namespace
}  // namespace mb::config
