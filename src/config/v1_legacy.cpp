#include "config/v1_legacy.h"

#include <array>
#include <utility>

#include "config/param_table.h"
#include "config/value_text.h"

namespace mb::config {
namespace {

constexpr auto kString = ParamType::kString;
constexpr auto kBool = ParamType::kBool;
constexpr auto kInt = ParamType::kInt;
constexpr auto kInt64 = ParamType::kInt64;

// A v1 parameter and what replaced it in v2, for the warning a v2 file carrying it gets.
struct V1Param {
  ParamSpec spec;
  std::string replacement;      // of the config key(s); "" when removed outright
  std::string env_replacement;  // of the env var
  // The v2 key of a setting that kept its meaning and type, which the translation copies as is;
  // "" for one the translation computes (see Translator).
  std::string copies_to;

  // Most v1 env vars configured something v2 reads from the file only.
  V1Param&& env(std::string name, std::string v2_name = "") && {
    spec.env.push_back(std::move(name));
    env_replacement = v2_name.empty() ? "the " + replacement + " config key" : std::move(v2_name);
    return std::move(*this);
  }
  V1Param&& secret() && {
    spec.secret = true;
    return std::move(*this);
  }
  V1Param&& inherits(std::string parent) && {
    spec.inherits = std::move(parent);
    return std::move(*this);
  }
};

V1Param v1(std::vector<std::string> keys, ParamType type, ParamValue default_value, std::string replacement) {
  V1Param p;
  p.spec.name = keys.front();
  p.spec.keys = std::move(keys);
  p.spec.type = type;
  p.spec.default_value = std::move(default_value);
  p.replacement = std::move(replacement);
  return p;
}

// A v1 setting that kept its meaning and type under the v2 key `v2_key`.
V1Param renamed(std::vector<std::string> keys, ParamType type, ParamValue default_value, std::string v2_key) {
  V1Param p = v1(std::move(keys), type, std::move(default_value), v2_key);
  p.copies_to = std::move(v2_key);
  return p;
}

ParamValue text(const char* s) { return std::string(s); }
ParamValue number(int64_t n) { return n; }

std::vector<V1Param> build_v1_table() {
  std::vector<V1Param> t;
  t.push_back(renamed({"log.level"}, kString, text("info"), "log.level"));
  t.push_back(renamed({"log.console"}, kBool, true, "log.console"));
  // v0.4 named the log file log.file.rootPath and its age limit log.file.maxAge.
  t.push_back(renamed({"log.file.filename", "log.file.rootPath"}, kString, text("logs/backup.log"), "log.file.path"));
  t.push_back(renamed({"log.file.maxSize"}, kInt, number(300), "log.file.maxSizeMiB"));
  t.push_back(renamed({"log.file.maxDays", "log.file.maxAge"}, kInt, number(0), "log.file.maxDays"));
  t.push_back(renamed({"log.file.maxBackups"}, kInt, number(0), "log.file.maxBackups"));

  t.push_back(v1({"http.enabled"}, kBool, true, ""));
  // v0.4 keys accepted and deliberately without effect (docs/compat.md says why for each):
  // simpleResponse shaped v0.4's REST answers, which ours keep in one shape; authorizationEnabled
  // false made v0.4 leave out milvus.user/password, which a Milvus without authorization ignores.
  t.push_back(v1({"http.simpleResponse"}, kBool, false, ""));
  t.push_back(v1({"milvus.authorizationEnabled"}, kBool, false, ""));
  t.push_back(renamed({"http.debugMode"}, kBool, false, "server.debugMode"));
  t.push_back(renamed({"http.swaggerBasePath"}, kString, text(""), "server.swaggerBasePath"));

  t.push_back(renamed({"cloud.address"}, kString, text("https://api.cloud.zilliz.com"), "zillizCloud.endpoint"));
  t.push_back(renamed({"cloud.apikey"}, kString, text(""), "zillizCloud.apiKey").secret());

  t.push_back(renamed({"milvus.address"}, kString, text("localhost"), "milvus.grpc.address").env("MILVUS_ADDRESS"));
  t.push_back(renamed({"milvus.port"}, kInt, number(19530), "milvus.grpc.port").env("MILVUS_PORT"));
  t.push_back(renamed({"milvus.user"}, kString, text(""), "milvus.user").env("MILVUS_USER", "MILVUS_USER"));
  t.push_back(renamed({"milvus.password"}, kString, text(""), "milvus.password")
                  .env("MILVUS_PASSWORD", "MILVUS_PASSWORD")
                  .secret());
  t.push_back(v1({"milvus.tlsMode"}, kInt, number(0),
                 "milvus.grpc.tlsMode, with 0, 1, 2 written as disabled, server, mutual")
                  .env("MILVUS_TLS_MODE",
                       "the milvus.grpc.tlsMode config key, with 0, 1, 2 written as disabled, server, mutual"));
  t.push_back(renamed({"milvus.caCertPath"}, kString, text(""), "milvus.grpc.caCertPath")
                  .env("MILVUS_CA_CERT_PATH"));
  t.push_back(renamed({"milvus.serverName"}, kString, text(""), "milvus.grpc.serverName")
                  .env("MILVUS_SERVER_NAME"));
  t.push_back(renamed({"milvus.mtlsCertPath"}, kString, text(""), "milvus.grpc.mtlsCertPath")
                  .env("MILVUS_MTLS_CERT_PATH"));
  t.push_back(renamed({"milvus.mtlsKeyPath"}, kString, text(""), "milvus.grpc.mtlsKeyPath")
                  .env("MILVUS_MTLS_KEY_PATH"));
  t.push_back(renamed({"milvus.rpcChannelName"}, kString, text("by-dev-replicate-msg"),
                      "milvus.replicate.rpcChannelName")
                  .env("MILVUS_RPC_CHANNEL_NAME"));
  // v1 spelled the endpoints as one comma-separated string.
  t.push_back(v1({"milvus.etcd.endpoints"}, kString, text("localhost:2379"), "milvus.etcd.endpoints"));
  t.push_back(renamed({"milvus.etcd.rootPath"}, kString, text("by-dev"), "milvus.etcd.rootPath"));

  t.push_back(v1({"storage.storageType", "minio.storageType", "minio.cloudProvider"}, kString, text("minio"),
                 "milvus.storage.provider"));
  t.push_back(renamed({"minio.address"}, kString, text("localhost"), "milvus.storage.address").env("MINIO_ADDRESS"));
  t.push_back(renamed({"minio.port"}, kInt, number(9000), "milvus.storage.port").env("MINIO_PORT"));
  t.push_back(renamed({"minio.region"}, kString, text(""), "milvus.storage.region").env("MINIO_REGION"));
  t.push_back(v1({"minio.accessKeyID"}, kString, text("minioadmin"),
                 "milvus.storage.auth.accessKeyID, or milvus.storage.accountName for azure")
                  .env("MINIO_ACCESS_KEY",
                       "MILVUS_STORAGE_AUTH_ACCESS_KEY_ID, or MILVUS_STORAGE_ACCOUNT_NAME for azure"));
  t.push_back(v1({"minio.secretAccessKey"}, kString, text("minioadmin"),
                 "milvus.storage.auth.secretAccessKey, or milvus.storage.auth.accountKey for azure")
                  .env("MINIO_SECRET_KEY",
                       "MILVUS_STORAGE_AUTH_SECRET_ACCESS_KEY, or MILVUS_STORAGE_AUTH_ACCOUNT_KEY for azure")
                  .secret());
  t.push_back(v1({"minio.token"}, kString, text(""), "milvus.storage.auth.sessionToken")
                  .env("MINIO_TOKEN", "MILVUS_STORAGE_AUTH_SESSION_TOKEN")
                  .secret());
  t.push_back(v1({"minio.gcpCredentialJSON"}, kString, text(""),
                 "milvus.storage.auth.credentialsFile with milvus.storage.auth.type: serviceAccount")
                  .env("GCP_KEY_JSON", "MILVUS_STORAGE_AUTH_CREDENTIALS_FILE")
                  .secret());
  t.push_back(renamed({"minio.useSSL"}, kBool, false, "milvus.storage.useSSL").env("MINIO_USE_SSL"));
  t.push_back(renamed({"minio.bucketName"}, kString, text("a-bucket"), "milvus.storage.bucketName")
                  .env("MINIO_BUCKET_NAME"));
  t.push_back(renamed({"minio.rootPath"}, kString, text("files"), "milvus.storage.rootPath").env("MINIO_ROOT_PATH"));
  t.push_back(v1({"minio.useIAM"}, kBool, false, "milvus.storage.auth.type: iam")
                  .env("MINIO_USE_IAM", "the milvus.storage.auth.type config key, set to iam"));
  t.push_back(v1({"minio.iamEndpoint"}, kString, text(""), "milvus.storage.auth.endpoint").env("MINIO_IAM_ENDPOINT"));

  // The backup side defaults to the resolved Milvus side, field by field.
  t.push_back(v1({"storage.backupStorageType", "minio.backupStorageType"}, kString, text(""), "backup.storage.provider")
                  .inherits("storage.storageType"));
  t.push_back(renamed({"minio.backupAddress"}, kString, text(""), "backup.storage.address")
                  .env("MINIO_BACKUP_ADDRESS")
                  .inherits("minio.address"));
  t.push_back(renamed({"minio.backupPort"}, kInt, number(0), "backup.storage.port")
                  .env("MINIO_BACKUP_PORT")
                  .inherits("minio.port"));
  t.push_back(renamed({"minio.backupRegion"}, kString, text(""), "backup.storage.region")
                  .env("MINIO_BACKUP_REGION")
                  .inherits("minio.region"));
  t.push_back(v1({"minio.backupAccessKeyID"}, kString, text(""),
                 "backup.storage.auth.accessKeyID, or backup.storage.accountName for azure")
                  .env("MINIO_BACKUP_ACCESS_KEY",
                       "BACKUP_STORAGE_AUTH_ACCESS_KEY_ID, or BACKUP_STORAGE_ACCOUNT_NAME for azure")
                  .inherits("minio.accessKeyID"));
  t.push_back(v1({"minio.backupSecretAccessKey"}, kString, text(""),
                 "backup.storage.auth.secretAccessKey, or backup.storage.auth.accountKey for azure")
                  .env("MINIO_BACKUP_SECRET_KEY",
                       "BACKUP_STORAGE_AUTH_SECRET_ACCESS_KEY, or BACKUP_STORAGE_AUTH_ACCOUNT_KEY for azure")
                  .secret()
                  .inherits("minio.secretAccessKey"));
  t.push_back(v1({"minio.backupToken"}, kString, text(""), "backup.storage.auth.sessionToken")
                  .env("MINIO_BACKUP_TOKEN", "BACKUP_STORAGE_AUTH_SESSION_TOKEN")
                  .secret()
                  .inherits("minio.token"));
  // Not inherited in v1: a backup in gcpnative always named its own credentials.
  t.push_back(v1({"minio.backupGcpCredentialJSON"}, kString, text(""),
                 "backup.storage.auth.credentialsFile with backup.storage.auth.type: serviceAccount")
                  .env("BACKUP_GCP_KEY_JSON", "BACKUP_STORAGE_AUTH_CREDENTIALS_FILE")
                  .secret());
  t.push_back(renamed({"minio.backupUseSSL"}, kBool, false, "backup.storage.useSSL")
                  .env("MINIO_BACKUP_USE_SSL")
                  .inherits("minio.useSSL"));
  t.push_back(renamed({"minio.backupBucketName"}, kString, text(""), "backup.storage.bucketName")
                  .env("MINIO_BACKUP_BUCKET_NAME")
                  .inherits("minio.bucketName"));
  // Unlike v2, v1 puts backups under the Milvus root path unless told otherwise.
  V1Param root = renamed({"minio.backupRootPath"}, kString, text("backup"), "backup.storage.rootPath")
                     .env("MINIO_BACKUP_ROOT_PATH")
                     .inherits("minio.rootPath");
  root.spec.empty_inherited_keeps_default = true;
  t.push_back(std::move(root));
  t.push_back(v1({"minio.backupUseIAM"}, kBool, false, "backup.storage.auth.type: iam")
                  .env("MINIO_BACKUP_USE_IAM", "the backup.storage.auth.type config key, set to iam")
                  .inherits("minio.useIAM"));
  t.push_back(v1({"minio.backupIamEndpoint"}, kString, text(""), "backup.storage.auth.endpoint")
                  .env("MINIO_BACKUP_IAM_ENDPOINT")
                  .inherits("minio.iamEndpoint"));
  t.push_back(v1({"minio.crossStorage"}, kBool, false, "transfer.mode"));
  t.push_back(renamed({"minio.multipartCopyThresholdMiB"}, kInt64, number(500), "transfer.multipartCopyThresholdMiB"));

  t.push_back(renamed({"backup.parallelism.copydata"}, kInt, number(128), "transfer.concurrency")
                  .env("BACKUP_PARALLELISM_COPYDATA"));
  t.push_back(renamed({"backup.parallelism.backupCollection"}, kInt, number(4), "backup.concurrency.collections")
                  .env("BACKUP_PARALLELISM_BACKUP_COLLECTION"));
  t.push_back(renamed({"backup.parallelism.backupSegment"}, kInt, number(1024), "backup.concurrency.segments"));
  t.push_back(renamed({"backup.parallelism.restoreCollection"}, kInt, number(2), "restore.concurrency.collections")
                  .env("BACKUP_PARALLELISM_RESTORE_COLLECTION"));
  t.push_back(renamed({"backup.parallelism.importJob"}, kInt, number(768), "restore.concurrency.importJobs"));
  t.push_back(renamed({"backup.keepTempFiles"}, kBool, false, "restore.keepTempFiles").env("BACKUP_KEEP_TEMP_FILES"));
  t.push_back(renamed({"backup.gcPause.enable"}, kBool, true, "backup.pauseGC").env("BACKUP_GC_PAUSE_ENABLE"));
  // v0.4's pause length and segment grouping: our GC pause is renewed for as long as the backup
  // runs, and our backups put each segment in a group of its own (as HEAD does), so neither has
  // anything to set.
  t.push_back(v1({"backup.gcPause.seconds"}, kInt, number(7200), ""));
  t.push_back(v1({"backup.maxSegmentGroupSize"}, kString, text("2G"), ""));
  t.push_back(renamed({"backup.gcPause.address"}, kString, text("http://localhost:9091"), "milvus.management.endpoint")
                  .env("BACKUP_GC_PAUSE_ADDRESS"));
  return t;
}

const std::vector<V1Param>& v1_table() {
  static const std::vector<V1Param> kTable = build_v1_table();
  return kTable;
}

// Our keys beyond the Go tool: no v1 spelling exists, so a v1 file uses the v2 key.
constexpr auto kOurKeys = std::to_array<const char*>(
    {"server.auth.token", "server.auth.required", "server.address", "server.stateDir", "server.tls.certPath", "server.tls.keyPath",
     "server.maxBodyBytes", "server.resumeInterruptedJobs", "backup.pauseGCRequired", "transfer.rateLimitMiB",
     "milvus.storage.caCertPath", "backup.storage.caCertPath"});

// The v1 keys of one storage side whose v2 home depends on its provider and auth type (the
// others are renamed() in the table).
struct V1StorageKeys {
  const char* provider;
  const char* access_key_id;
  const char* secret_access_key;
  const char* token;
  const char* gcp_credential_json;
  const char* use_iam;
  const char* iam_endpoint;
};

constexpr V1StorageKeys kMilvusSide = {"storage.storageType",     "minio.accessKeyID", "minio.secretAccessKey",
                                       "minio.token",             "minio.gcpCredentialJSON", "minio.useIAM",
                                       "minio.iamEndpoint"};
constexpr V1StorageKeys kBackupSide = {"storage.backupStorageType",     "minio.backupAccessKeyID",
                                       "minio.backupSecretAccessKey",   "minio.backupToken",
                                       "minio.backupGcpCredentialJSON", "minio.backupUseIAM",
                                       "minio.backupIamEndpoint"};

// v1 accepted several spellings of some providers; v2 has one name each.
std::string canonical_provider(const std::string& provider) {
  std::string lower = to_lower(provider);
  if (lower == "ali" || lower == "alibaba" || lower == "alicloud") return "aliyun";
  if (lower == "tc") return "tencent";
  return lower;
}

class Translator {
 public:
  Translator(const ResolvedSet& v1, std::vector<std::string>& warnings)
      : v1_(v1), result_{.v2 = ResolvedSet(v2_specs()), .mappings = {}}, warnings_(warnings) {}

  V1Translation run() && {
    for (const auto& p : v1_table()) {
      if (!p.copies_to.empty()) copy(p.spec.key(), p.copies_to);
    }
    for (const char* key : kOurKeys) copy(key, key);
    tls_mode();
    derive("milvus.etcd.endpoints", split_comma_list(v1_.str("milvus.etcd.endpoints")), "milvus.etcd.endpoints");
    storage(kMilvusSide, "milvus.storage");
    storage(kBackupSide, "backup.storage");
    derive("transfer.mode", std::string(v1_.flag("minio.crossStorage") ? "streaming" : "auto"), "minio.crossStorage");
    if (v1_.is_set("http.enabled") && !v1_.flag("http.enabled")) {
      warnings_.push_back(
          "v1 http.enabled: false has no v2 equivalent and is ignored: the REST server is always available");
    }
    return std::move(result_);
  }

 private:
  void copy(std::string_view from, std::string_view to) {
    result_.v2.at(to) = v1_.at(from);
    mapped(from, to);
  }

  // A v2 value computed from a v1 one keeps the v1 value's source, so messages point at it.
  void derive(std::string_view to, ParamValue value, std::string_view from) {
    const Resolved& origin = v1_.at(from);
    result_.v2.at(to) = Resolved{.value = std::move(value), .source = origin.source, .origin_key = origin.origin_key};
    mapped(from, to);
  }

  void mapped(std::string_view from, std::string_view to) {
    result_.mappings.push_back(V1Mapping{.v1_key = std::string(from), .v2_key = std::string(to)});
  }

  void tls_mode() {
    const int64_t mode = v1_.integer("milvus.tlsMode");
    std::string name = "disabled";
    if (mode == 1) {
      name = "server";
    } else if (mode == 2) {
      // v1 quietly used server TLS when the client key pair was missing; v2 rejects that.
      if (v1_.str("milvus.mtlsCertPath").empty() || v1_.str("milvus.mtlsKeyPath").empty()) {
        name = "server";
        warnings_.push_back("v1 milvus.tlsMode 2 (mutual) without milvus.mtlsCertPath and milvus.mtlsKeyPath: "
                            "using server TLS, as v1 did");
      } else {
        name = "mutual";
      }
    } else if (mode != 0) {
      warnings_.push_back("v1 milvus.tlsMode " + std::to_string(mode) + " is not 0, 1 or 2: using disabled, as v1 did");
    }
    derive("milvus.grpc.tlsMode", name, "milvus.tlsMode");
  }

  void storage(const V1StorageKeys& k, const std::string& prefix) {
    const std::string provider = canonical_provider(v1_.str(k.provider));
    derive(prefix + ".provider", provider, k.provider);
    if (provider == "local") return;  // a directory: no credentials
    const bool use_iam = v1_.flag(k.use_iam);
    const char* type_origin = use_iam ? k.use_iam : k.provider;
    const std::string type_key = prefix + ".auth.type";
    if (provider == "azure") {
      // v1 carried the account name in the access key ID and the account key in the secret.
      copy(k.access_key_id, prefix + ".accountName");
      if (use_iam) {
        derive(type_key, std::string("default"), type_origin);
      } else {
        derive(type_key, std::string("sharedKey"), type_origin);
        copy(k.secret_access_key, prefix + ".auth.accountKey");
      }
    } else if (provider == "gcpnative") {
      derive(type_key, std::string("serviceAccount"), type_origin);
      copy(k.gcp_credential_json, prefix + ".auth.credentialsFile");
    } else if (use_iam) {
      derive(type_key, std::string("iam"), type_origin);
      copy(k.iam_endpoint, prefix + ".auth.endpoint");
    } else {
      derive(type_key, std::string("static"), type_origin);
      copy(k.access_key_id, prefix + ".auth.accessKeyID");
      copy(k.secret_access_key, prefix + ".auth.secretAccessKey");
      copy(k.token, prefix + ".auth.sessionToken");
    }
    // The provider and useIAM both decide the auth type; derive() recorded only the one whose
    // source the type keeps.
    mapped(use_iam ? k.provider : k.use_iam, type_key);
  }

  const ResolvedSet& v1_;
  V1Translation result_;
  std::vector<std::string>& warnings_;
};

}  // namespace

const std::vector<ParamSpec>& v1_specs() {
  static const std::vector<ParamSpec> kSpecs = [] {
    std::vector<ParamSpec> specs;
    for (const auto& p : v1_table()) specs.push_back(p.spec);
    for (const char* key : kOurKeys) {
      for (const auto& spec : v2_specs()) {
        if (spec.key() == key) specs.push_back(spec);
      }
    }
    return specs;
  }();
  return kSpecs;
}

V1Translation translate_v1_with_mappings(const ResolvedSet& v1, std::vector<std::string>& warnings) {
  return Translator(v1, warnings).run();
}

ResolvedSet translate_v1(const ResolvedSet& v1, std::vector<std::string>& warnings) {
  return translate_v1_with_mappings(v1, warnings).v2;
}

std::optional<std::string> v2_replacement(std::string_view name) {
  for (const auto& p : v1_table()) {
    for (const auto& key : p.spec.keys) {
      if (iequals(key, name)) return p.replacement;
    }
    for (const auto& env : p.spec.env) {
      if (iequals(env, name)) return p.env_replacement;
    }
  }
  return std::nullopt;
}

}  // namespace mb::config
