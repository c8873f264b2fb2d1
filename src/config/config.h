// The resolved configuration: the Go tool's v2 keys (configs/backup.yaml), as plain values.
// Loading (YAML v2 and v1 legacy keys, env, --set, precedence) lives in config/loader.h.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mb::config {

enum class TlsMode { kDisabled, kServer, kMutual };
enum class TransferMode { kAuto, kDirect, kStreaming };

// The config-file spellings: "disabled", "server", "mutual".
constexpr std::string_view to_string(TlsMode mode) {
  switch (mode) {
    case TlsMode::kServer: return "server";
    case TlsMode::kMutual: return "mutual";
    case TlsMode::kDisabled: break;
  }
  return "disabled";
}

// The config-file spellings: "auto", "direct", "streaming".
constexpr std::string_view to_string(TransferMode mode) {
  switch (mode) {
    case TransferMode::kDirect: return "direct";
    case TransferMode::kStreaming: return "streaming";
    case TransferMode::kAuto: break;
  }
  return "auto";
}

// One object store: `milvus.storage.*` (where Milvus keeps its files) or `backup.storage.*`.
struct StorageConfig {
  std::string provider = "minio";  // local, minio, s3, aws, gcp, gcpnative, azure, aliyun, tencent, hwc
  std::string address = "localhost";
  int port = 9000;
  std::string region;
  bool use_ssl = false;
  std::string account_name;  // azure
  std::string bucket_name = "a-bucket";
  std::string root_path = "files";  // backup.storage: "backup"
  std::string local_path;           // local provider: the path Milvus itself sees
  std::string milvus_address;
  int milvus_port = 0;
  std::string auth_type = "static";  // static/iam/default; azure sharedKey/default; gcpnative serviceAccount/default
  std::string access_key_id = "minioadmin";
  std::string secret_access_key = "minioadmin";  // secret
  std::string session_token;                     // secret
  std::string account_key;                       // secret
  std::string credentials_file;
  std::string iam_endpoint;  // auth.endpoint
  std::string ca_cert_path;  // ours: custom CA bundle for TLS to the store
};

struct MilvusConfig {
  std::string user;
  std::string password;  // secret
  std::string grpc_address = "localhost";
  int grpc_port = 19530;
  TlsMode tls_mode = TlsMode::kDisabled;
  std::string ca_cert_path;
  std::string server_name;
  std::string mtls_cert_path;
  std::string mtls_key_path;
  std::string rest_endpoint;  // empty: http(s)://<grpc.address>:<grpc.port>
  std::string management_endpoint = "http://localhost:9091";
  std::string rpc_channel_name = "by-dev-replicate-msg";
  std::vector<std::string> etcd_endpoints = {"localhost:2379"};
  std::string etcd_root_path = "by-dev";
  StorageConfig storage;
};

// backup.storage on its own: the loader replaces every field but rootPath (and the Milvus-view
// endpoint and localPath) with the resolved milvus.storage value unless the file names it.
inline StorageConfig backup_storage_defaults() {
  StorageConfig storage;
  storage.root_path = "backup";
  return storage;
}

struct BackupConfig {
  StorageConfig storage = backup_storage_defaults();  // inherits milvus.storage except rootPath
  int concurrency_collections = 4;
  int concurrency_segments = 1024;
  bool pause_gc = true;
  bool pause_gc_required = false;  // ours: fail the backup when GC cannot be paused
  // ours: a running create refreshes its lock object; a lock not refreshed for this long (or whose
  // process is gone, on the same host) is stale and the backup may be resumed
  int64_t lock_stale_seconds = 300;
};

struct RestoreConfig {
  int concurrency_collections = 2;
  int concurrency_import_jobs = 768;
  int max_segments_per_import_job = 256;
  bool keep_temp_files = false;
  // ours: staged files (restore-temp-*) of another restore untouched this long are abandoned; a
  // restore and `gc` remove them
  int64_t temp_files_max_age_seconds = 3600;
};

struct TransferConfig {
  TransferMode mode = TransferMode::kAuto;
  int concurrency = 128;
  int64_t multipart_copy_threshold_mib = 500;
  int64_t rate_limit_mib_per_sec = 0;  // ours: 0 = unlimited
  // ours: how long a store that refuses connections or answers 5xx is retried, per object
  int64_t retry_window_seconds = 120;
};

struct LogConfig {
  std::string level = "info";
  bool console = true;
  std::string file_path = "logs/backup.log";
  int file_max_size_mib = 300;
  int file_max_days = 0;
  int file_max_backups = 0;
};

// `server`: the Go tool's two keys, then ours. Each of ours but auth_* and resume_interrupted_jobs
// has a `server` flag, which wins over the key.
struct ServerConfig {
  bool debug_mode = false;
  std::string swagger_base_path;
  std::string auth_token;  // bearer token for the REST API (secret)
  bool auth_required = false;  // refuse to start without auth_token
  std::string address = "0.0.0.0";
  std::string state_dir = "milvus-backup-server";  // job history across restarts
  std::string tls_cert_path;                       // PEM; HTTPS when both paths are set
  std::string tls_key_path;
  int64_t max_body_bytes = 1 << 20;  // larger request bodies are answered 413
  // Jobs a crash or kill cut off are run again when the server restarts; false: recorded as failed.
  bool resume_interrupted_jobs = true;
};

struct ZillizCloudConfig {
  std::string endpoint = "https://api.cloud.zilliz.com";
  std::string api_key;  // secret
};

struct Config {
  LogConfig log;
  ServerConfig server;
  MilvusConfig milvus;
  BackupConfig backup;
  RestoreConfig restore;
  TransferConfig transfer;
  ZillizCloudConfig zilliz_cloud;
};

}  // namespace mb::config
