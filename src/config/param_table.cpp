#include "config/param_table.h"

#include <algorithm>
#include <array>
#include <string>
#include <variant>

namespace mb::config {
namespace {

using FieldRef =
    std::variant<std::string*, bool*, int*, int64_t*, std::vector<std::string>*, TlsMode*, TransferMode*>;
using FieldAccessor = FieldRef (*)(Config&);

// member_at<&Config::milvus, &MilvusConfig::grpc_port>(config) is config.milvus.grpc_port.
template <auto First, auto... Rest, typename T>
auto& member_at(T& object) {
  if constexpr (sizeof...(Rest) == 0) {
    return object.*First;
  } else {
    return member_at<Rest...>(object.*First);
  }
}

template <auto... Path>
FieldRef field(Config& config) {
  return &member_at<Path...>(config);
}

template <typename... F>
struct Overloaded : F... {
  using F::operator()...;
};

constexpr std::array kTlsModes = {TlsMode::kDisabled, TlsMode::kServer, TlsMode::kMutual};
constexpr std::array kTransferModes = {TransferMode::kAuto, TransferMode::kDirect, TransferMode::kStreaming};

// Validation has put the value in its canonical spelling; anything else keeps the field as it is.
template <typename Enum, size_t N>
void set_enum(Enum& out, const std::string& text, const std::array<Enum, N>& all) {
  for (Enum e : all) {
    if (to_string(e) == text) out = e;
  }
}

struct Param {
  ParamSpec spec;
  FieldAccessor field;
};

enum class Secrecy { kPlain, kSecret };

Param param(std::string name, std::string key, FieldAccessor accessor, std::vector<std::string> env = {},
            Secrecy secrecy = Secrecy::kPlain) {
  Config defaults;
  Param p{.spec = {}, .field = accessor};
  p.spec.name = std::move(name);
  p.spec.keys = {std::move(key)};
  p.spec.env = std::move(env);
  p.spec.secret = secrecy == Secrecy::kSecret;
  auto typed = [&p](ParamType type, ParamValue default_value) {
    p.spec.type = type;
    p.spec.default_value = std::move(default_value);
  };
  std::visit(Overloaded{
                 [&](std::string* v) { typed(ParamType::kString, *v); },
                 [&](bool* v) { typed(ParamType::kBool, *v); },
                 [&](int* v) { typed(ParamType::kInt, int64_t{*v}); },
                 [&](int64_t* v) { typed(ParamType::kInt64, *v); },
                 [&](std::vector<std::string>* v) { typed(ParamType::kList, *v); },
                 [&](TlsMode* v) { typed(ParamType::kString, std::string(to_string(*v))); },
                 [&](TransferMode* v) { typed(ParamType::kString, std::string(to_string(*v))); },
             },
             accessor(defaults));
  return p;
}

// One storage section. Section/Storage pick config.milvus.storage or config.backup.storage.
template <auto Section, auto Storage>
void add_storage(std::vector<Param>& out, const std::string& name, const std::string& key, const std::string& env,
                 bool inherits_milvus_storage) {
  auto add = [&](const std::string& sub_name, const std::string& sub_key, FieldAccessor accessor,
                 std::vector<std::string> env_suffixes = {}, Secrecy secrecy = Secrecy::kPlain) {
    std::vector<std::string> env_names;
    for (const auto& suffix : env_suffixes) env_names.push_back(env + "_" + suffix);
    Param p = param(name + "." + sub_name, key + "." + sub_key, accessor, std::move(env_names), secrecy);
    // Backup data does not belong under the Milvus root path, and localPath and the Milvus-view
    // endpoint describe how one Milvus reaches its own store: those keep their own defaults.
    static const std::array<std::string, 4> kNotInherited = {"rootPath", "localPath", "milvusAddress", "milvusPort"};
    const bool inherited = std::find(kNotInherited.begin(), kNotInherited.end(), sub_key) == kNotInherited.end();
    if (inherits_milvus_storage && inherited) {
      p.spec.inherits = "milvus.storage." + sub_key;
    }
    out.push_back(std::move(p));
  };
  add("Provider", "provider", &field<Section, Storage, &StorageConfig::provider>);
  add("Address", "address", &field<Section, Storage, &StorageConfig::address>);
  add("Port", "port", &field<Section, Storage, &StorageConfig::port>);
  add("Region", "region", &field<Section, Storage, &StorageConfig::region>);
  add("UseSSL", "useSSL", &field<Section, Storage, &StorageConfig::use_ssl>);
  add("AccountName", "accountName", &field<Section, Storage, &StorageConfig::account_name>, {"ACCOUNT_NAME"});
  add("BucketName", "bucketName", &field<Section, Storage, &StorageConfig::bucket_name>);
  add("RootPath", "rootPath", &field<Section, Storage, &StorageConfig::root_path>);
  add("LocalPath", "localPath", &field<Section, Storage, &StorageConfig::local_path>);
  add("MilvusAddress", "milvusAddress", &field<Section, Storage, &StorageConfig::milvus_address>);
  add("MilvusPort", "milvusPort", &field<Section, Storage, &StorageConfig::milvus_port>);
  add("Auth.Type", "auth.type", &field<Section, Storage, &StorageConfig::auth_type>);
  add("Auth.AccessKeyID", "auth.accessKeyID", &field<Section, Storage, &StorageConfig::access_key_id>,
      {"AUTH_ACCESS_KEY_ID"});
  add("Auth.SecretAccessKey", "auth.secretAccessKey", &field<Section, Storage, &StorageConfig::secret_access_key>,
      {"AUTH_SECRET_ACCESS_KEY"}, Secrecy::kSecret);
  add("Auth.SessionToken", "auth.sessionToken", &field<Section, Storage, &StorageConfig::session_token>,
      {"AUTH_SESSION_TOKEN"}, Secrecy::kSecret);
  add("Auth.AccountKey", "auth.accountKey", &field<Section, Storage, &StorageConfig::account_key>,
      {"AUTH_ACCOUNT_KEY"}, Secrecy::kSecret);
  add("Auth.CredentialsFile", "auth.credentialsFile", &field<Section, Storage, &StorageConfig::credentials_file>,
      {"AUTH_CREDENTIALS_FILE"});
  add("Auth.Endpoint", "auth.endpoint", &field<Section, Storage, &StorageConfig::iam_endpoint>);
  add("CACertPath", "caCertPath", &field<Section, Storage, &StorageConfig::ca_cert_path>);
}

std::vector<Param> build_table() {
  using C = Config;
  std::vector<Param> t;
  t.push_back(param("Log.Level", "log.level", &field<&C::log, &LogConfig::level>));
  t.push_back(param("Log.Console", "log.console", &field<&C::log, &LogConfig::console>));
  t.push_back(param("Log.File.Path", "log.file.path", &field<&C::log, &LogConfig::file_path>));
  t.push_back(param("Log.File.MaxSizeMiB", "log.file.maxSizeMiB", &field<&C::log, &LogConfig::file_max_size_mib>));
  t.push_back(param("Log.File.MaxDays", "log.file.maxDays", &field<&C::log, &LogConfig::file_max_days>));
  t.push_back(param("Log.File.MaxBackups", "log.file.maxBackups", &field<&C::log, &LogConfig::file_max_backups>));

  t.push_back(param("Server.DebugMode", "server.debugMode", &field<&C::server, &ServerConfig::debug_mode>));
  t.push_back(param("Server.SwaggerBasePath", "server.swaggerBasePath",
                    &field<&C::server, &ServerConfig::swagger_base_path>));
  t.push_back(param("Server.Auth.Token", "server.auth.token", &field<&C::server, &ServerConfig::auth_token>,
                    {"MILVUS_BACKUP_SERVER_TOKEN"}, Secrecy::kSecret));
  t.push_back(param("Server.Auth.Required", "server.auth.required", &field<&C::server, &ServerConfig::auth_required>,
                    {"MILVUS_BACKUP_SERVER_AUTH_REQUIRED"}));
  t.push_back(param("Server.Address", "server.address", &field<&C::server, &ServerConfig::address>,
                    {"MILVUS_BACKUP_SERVER_ADDRESS"}));
  t.push_back(param("Server.StateDir", "server.stateDir", &field<&C::server, &ServerConfig::state_dir>,
                    {"MILVUS_BACKUP_SERVER_STATE_DIR"}));
  t.push_back(param("Server.TLS.CertPath", "server.tls.certPath", &field<&C::server, &ServerConfig::tls_cert_path>,
                    {"MILVUS_BACKUP_SERVER_TLS_CERT_PATH"}));
  t.push_back(param("Server.TLS.KeyPath", "server.tls.keyPath", &field<&C::server, &ServerConfig::tls_key_path>,
                    {"MILVUS_BACKUP_SERVER_TLS_KEY_PATH"}));
  t.push_back(param("Server.MaxBodyBytes", "server.maxBodyBytes", &field<&C::server, &ServerConfig::max_body_bytes>,
                    {"MILVUS_BACKUP_SERVER_MAX_BODY_BYTES"}));
  t.push_back(param("Server.ResumeInterruptedJobs", "server.resumeInterruptedJobs",
                    &field<&C::server, &ServerConfig::resume_interrupted_jobs>,
                    {"MILVUS_BACKUP_SERVER_RESUME_INTERRUPTED_JOBS"}));

  t.push_back(param("Milvus.User", "milvus.user", &field<&C::milvus, &MilvusConfig::user>, {"MILVUS_USER"}));
  t.push_back(param("Milvus.Password", "milvus.password", &field<&C::milvus, &MilvusConfig::password>,
                    {"MILVUS_PASSWORD"}, Secrecy::kSecret));
  t.push_back(param("Milvus.Grpc.Address", "milvus.grpc.address", &field<&C::milvus, &MilvusConfig::grpc_address>));
  t.push_back(param("Milvus.Grpc.Port", "milvus.grpc.port", &field<&C::milvus, &MilvusConfig::grpc_port>));
  t.push_back(param("Milvus.Grpc.TLSMode", "milvus.grpc.tlsMode", &field<&C::milvus, &MilvusConfig::tls_mode>));
  t.push_back(param("Milvus.Grpc.CACertPath", "milvus.grpc.caCertPath",
                    &field<&C::milvus, &MilvusConfig::ca_cert_path>));
  t.push_back(param("Milvus.Grpc.ServerName", "milvus.grpc.serverName",
                    &field<&C::milvus, &MilvusConfig::server_name>));
  t.push_back(param("Milvus.Grpc.MTLSCertPath", "milvus.grpc.mtlsCertPath",
                    &field<&C::milvus, &MilvusConfig::mtls_cert_path>));
  t.push_back(param("Milvus.Grpc.MTLSKeyPath", "milvus.grpc.mtlsKeyPath",
                    &field<&C::milvus, &MilvusConfig::mtls_key_path>));
  t.push_back(param("Milvus.Rest.Endpoint", "milvus.rest.endpoint", &field<&C::milvus, &MilvusConfig::rest_endpoint>));
  t.push_back(param("Milvus.Management.Endpoint", "milvus.management.endpoint",
                    &field<&C::milvus, &MilvusConfig::management_endpoint>));
  t.push_back(param("Milvus.Replicate.RPCChannelName", "milvus.replicate.rpcChannelName",
                    &field<&C::milvus, &MilvusConfig::rpc_channel_name>));
  t.push_back(param("Milvus.Etcd.Endpoints", "milvus.etcd.endpoints",
                    &field<&C::milvus, &MilvusConfig::etcd_endpoints>));
  t.push_back(param("Milvus.Etcd.RootPath", "milvus.etcd.rootPath", &field<&C::milvus, &MilvusConfig::etcd_root_path>));
  add_storage<&C::milvus, &MilvusConfig::storage>(t, "Milvus.Storage", "milvus.storage", "MILVUS_STORAGE", false);

  add_storage<&C::backup, &BackupConfig::storage>(t, "Backup.Storage", "backup.storage", "BACKUP_STORAGE", true);
  t.push_back(param("Backup.Concurrency.Collections", "backup.concurrency.collections",
                    &field<&C::backup, &BackupConfig::concurrency_collections>));
  t.push_back(param("Backup.Concurrency.Segments", "backup.concurrency.segments",
                    &field<&C::backup, &BackupConfig::concurrency_segments>));
  t.push_back(param("Backup.PauseGC", "backup.pauseGC", &field<&C::backup, &BackupConfig::pause_gc>));
  t.push_back(param("Backup.PauseGCRequired", "backup.pauseGCRequired",
                    &field<&C::backup, &BackupConfig::pause_gc_required>));
  t.push_back(param("Backup.LockStaleSeconds", "backup.lockStaleSeconds",
                    &field<&C::backup, &BackupConfig::lock_stale_seconds>));

  t.push_back(param("Restore.Concurrency.Collections", "restore.concurrency.collections",
                    &field<&C::restore, &RestoreConfig::concurrency_collections>));
  t.push_back(param("Restore.Concurrency.ImportJobs", "restore.concurrency.importJobs",
                    &field<&C::restore, &RestoreConfig::concurrency_import_jobs>));
  t.push_back(param("Restore.MaxSegmentsPerImportJob", "restore.maxSegmentsPerImportJob",
                    &field<&C::restore, &RestoreConfig::max_segments_per_import_job>));
  t.push_back(param("Restore.KeepTempFiles", "restore.keepTempFiles",
                    &field<&C::restore, &RestoreConfig::keep_temp_files>));
  t.push_back(param("Restore.TempFilesMaxAgeSeconds", "restore.tempFilesMaxAgeSeconds",
                    &field<&C::restore, &RestoreConfig::temp_files_max_age_seconds>));

  t.push_back(param("Transfer.Mode", "transfer.mode", &field<&C::transfer, &TransferConfig::mode>));
  t.push_back(param("Transfer.Concurrency", "transfer.concurrency",
                    &field<&C::transfer, &TransferConfig::concurrency>));
  t.push_back(param("Transfer.MultipartCopyThresholdMiB", "transfer.multipartCopyThresholdMiB",
                    &field<&C::transfer, &TransferConfig::multipart_copy_threshold_mib>));
  t.push_back(param("Transfer.RateLimitMiB", "transfer.rateLimitMiB",
                    &field<&C::transfer, &TransferConfig::rate_limit_mib_per_sec>));
  t.push_back(param("Transfer.RetryWindowSeconds", "transfer.retryWindowSeconds",
                    &field<&C::transfer, &TransferConfig::retry_window_seconds>));

  t.push_back(param("Cloud.Endpoint", "zillizCloud.endpoint", &field<&C::zilliz_cloud, &ZillizCloudConfig::endpoint>));
  t.push_back(param("Cloud.APIKey", "zillizCloud.apiKey", &field<&C::zilliz_cloud, &ZillizCloudConfig::api_key>,
                    {"ZILLIZ_CLOUD_API_KEY"}, Secrecy::kSecret));
  return t;
}

const std::vector<Param>& table() {
  static const std::vector<Param> kTable = build_table();
  return kTable;
}

}  // namespace

const std::vector<ParamSpec>& v2_specs() {
  static const std::vector<ParamSpec> kSpecs = [] {
    std::vector<ParamSpec> specs;
    for (const auto& p : table()) specs.push_back(p.spec);
    return specs;
  }();
  return kSpecs;
}

Config to_config(const ResolvedSet& v2) {
  Config config;
  for (const auto& p : table()) {
    const ParamValue& value = v2.at(p.spec.key()).value;
    std::visit(Overloaded{
                   [&](std::string* f) { *f = std::get<std::string>(value); },
                   [&](bool* f) { *f = std::get<bool>(value); },
                   [&](int* f) { *f = static_cast<int>(std::get<int64_t>(value)); },
                   [&](int64_t* f) { *f = std::get<int64_t>(value); },
                   [&](std::vector<std::string>* f) { *f = std::get<std::vector<std::string>>(value); },
                   [&](TlsMode* f) { set_enum(*f, std::get<std::string>(value), kTlsModes); },
                   [&](TransferMode* f) { set_enum(*f, std::get<std::string>(value), kTransferModes); },
               },
               p.field(config));
  }
  return config;
}

}  // namespace mb::config
