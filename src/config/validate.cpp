#include "config/validate.h"

#include <algorithm>
#include <array>
#include <map>

#include "config/value_text.h"

namespace mb::config {
namespace {

using Names = std::vector<std::string>;

const Names kLogLevels = {"debug", "info", "warn", "error", "dpanic", "panic", "fatal"};  // zap's
const Names kTlsModes = {"disabled", "server", "mutual"};
const Names kTransferModes = {"auto", "direct", "streaming"};
const Names kProviders = {"local", "minio", "s3", "aws", "gcp", "gcpnative", "azure", "aliyun", "tencent", "hwc"};
const Names kS3AuthTypes = {"static", "iam", "default"};
const std::map<std::string, Names, std::less<>> kAuthTypesByProvider = {
    {"azure", {"sharedKey", "default"}},
    {"gcpnative", {"serviceAccount", "default"}},
};
// The credential fields, each of which only some auth types take.
const std::array<std::string, 6> kCredentials = {"auth.accessKeyID", "auth.secretAccessKey", "auth.sessionToken",
                                                 "auth.accountKey",  "auth.credentialsFile",  "auth.endpoint"};
const std::map<std::string, Names, std::less<>> kCredentialsByAuthType = {
    {"static", {"auth.accessKeyID", "auth.secretAccessKey", "auth.sessionToken"}},
    {"sharedKey", {"auth.accountKey"}},
    {"serviceAccount", {"auth.credentialsFile"}},
    {"iam", {"auth.endpoint"}},
    {"default", {}},
};
const std::map<std::string, Names, std::less<>> kRequiredByAuthType = {
    {"static", {"auth.accessKeyID", "auth.secretAccessKey"}},
    {"sharedKey", {"auth.accountKey"}},
    {"serviceAccount", {"auth.credentialsFile"}},
};

std::string join(const Names& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

bool is_absolute_http_url(std::string_view url) {
  const std::string lower = to_lower(url);
  for (std::string_view scheme : {"http://", "https://"}) {
    if (lower.starts_with(scheme)) {
      std::string_view rest = url.substr(scheme.size());
      return !rest.substr(0, rest.find_first_of("/?#")).empty();
    }
  }
  return false;
}

class Validator {
 public:
  Validator(ResolvedSet& set, const std::string& file, std::vector<std::string>& errors)
      : set_(set), file_(file), errors_(errors) {}

  void run() {
    check_enum("log.level", kLogLevels);
    for (auto key : {"log.file.maxSizeMiB", "log.file.maxDays", "log.file.maxBackups"}) check_not_negative(key);
    check_server();
    check_milvus();
    check_storage("milvus.storage");
    check_storage("backup.storage");
    for (auto key : {"backup.concurrency.collections", "backup.concurrency.segments", "restore.concurrency.collections",
                     "restore.concurrency.importJobs", "restore.maxSegmentsPerImportJob", "transfer.concurrency",
                     "transfer.multipartCopyThresholdMiB", "backup.lockStaleSeconds"}) {
      check_positive(key);
    }
    if (set_.flag("backup.pauseGCRequired") && !set_.flag("backup.pauseGC")) {
      sentence("backup.pauseGCRequired", "is true, but backup.pauseGC is false: GC would never be paused");
    }
    check_enum("transfer.mode", kTransferModes);
    check_not_negative("transfer.rateLimitMiB");
    check_not_negative("transfer.retryWindowSeconds");
    check_not_negative("restore.tempFilesMaxAgeSeconds");
  }

 private:
  // Where the value came from and the key it was given under, e.g. `backup.yaml: minio.port`,
  // `--set milvus.grpc.port`, `env MILVUS_STORAGE_ACCOUNT_NAME`. A default names the key it
  // would be set with, in the file when there is one.
  std::string subject(std::string_view key) const {
    const Resolved& r = set_.at(key);
    switch (r.source) {
      case Source::kConfig: return file_ + ": " + r.origin_key;
      case Source::kOverride: return "--set " + r.origin_key;
      case Source::kEnv: return "env " + r.origin_key;
      case Source::kDefault: break;
    }
    return file_.empty() ? std::string(key) : file_ + ": " + std::string(key);
  }

  void problem(std::string_view key, const std::string& text) { errors_.push_back(subject(key) + ": " + text); }
  void sentence(std::string_view key, const std::string& rest) { errors_.push_back(subject(key) + " " + rest); }

  // Accepts any case and stores the canonical spelling.
  bool check_enum(std::string_view key, const Names& allowed, const std::string& context = "") {
    auto& value = std::get<std::string>(set_.at(key).value);
    for (const auto& a : allowed) {
      if (iequals(value, a)) {
        value = a;
        return true;
      }
    }
    problem(key, "invalid value " + quoted(value) + context + ", want one of: " + join(allowed));
    return false;
  }

  void check_port(std::string_view key) {
    int64_t port = set_.integer(key);
    if (port < 1 || port > 65535) problem(key, std::to_string(port) + " out of range 1-65535");
  }

  void check_positive(std::string_view key) {
    if (int64_t v = set_.integer(key); v <= 0) {
      problem(key, "invalid value " + std::to_string(v) + ", want a positive number");
    }
  }

  void check_not_negative(std::string_view key) {
    if (int64_t v = set_.integer(key); v < 0) {
      problem(key, "invalid value " + std::to_string(v) + ", want 0 or more");
    }
  }

  // Empty means "derive it" or "not used"; otherwise an absolute http(s) URL.
  void check_endpoint(std::string_view key) {
    const std::string& url = set_.str(key);
    if (!url.empty() && !is_absolute_http_url(url)) {
      problem(key, "invalid URL " + quoted(url) + ", want an absolute http(s) URL such as http://localhost:9091");
    }
  }

  // The TLS pair is judged where the flags have had their say (they may complete it).
  void check_server() {
    if (set_.str("server.address").empty()) problem("server.address", "is empty, want a host such as 0.0.0.0");
    if (set_.str("server.stateDir").empty()) problem("server.stateDir", "is empty, want a directory");
    check_positive("server.maxBodyBytes");
  }

  void check_milvus() {
    check_port("milvus.grpc.port");
    const std::string tls_mode = set_.str("milvus.grpc.tlsMode");
    static const std::map<std::string, std::string, std::less<>> kV1TlsModes = {
        {"0", "disabled"}, {"1", "server"}, {"2", "mutual"}};
    if (auto v1 = kV1TlsModes.find(tls_mode); v1 != kV1TlsModes.end()) {
      problem("milvus.grpc.tlsMode",
              quoted(tls_mode) + " is the v1 spelling of this mode, write it as " + quoted(v1->second));
    } else if (check_enum("milvus.grpc.tlsMode", kTlsModes) && set_.str("milvus.grpc.tlsMode") == "mutual" &&
               (set_.str("milvus.grpc.mtlsCertPath").empty() || set_.str("milvus.grpc.mtlsKeyPath").empty())) {
      sentence("milvus.grpc.mtlsCertPath",
               "and milvus.grpc.mtlsKeyPath are required when milvus.grpc.tlsMode is \"mutual\"");
    }
    check_endpoint("milvus.rest.endpoint");
    check_endpoint("milvus.management.endpoint");
    if (set_.list("milvus.etcd.endpoints").empty()) {
      problem("milvus.etcd.endpoints", "at least one endpoint is required");
    }
  }

  void check_storage(const std::string& prefix) {
    const std::string provider_key = prefix + ".provider";
    if (!check_enum(provider_key, kProviders)) return;  // nothing below can be judged without it
    const std::string provider = set_.str(provider_key);
    const std::string milvus_address = prefix + ".milvusAddress";
    if (provider == "local") {
      // A directory: no endpoint and no credentials to check.
      if (!set_.str(milvus_address).empty()) sentence(milvus_address, "does not apply to the local provider");
      return;
    }
    check_port(prefix + ".port");
    if (set_.str(milvus_address).find("://") != std::string::npos) {
      problem(milvus_address, "must be a host, not a URL: " + quoted(set_.str(milvus_address)));
    }
    const std::string milvus_port = prefix + ".milvusPort";
    if (set_.integer(milvus_port) != 0) {
      if (set_.str(milvus_address).empty()) sentence(milvus_port, "requires " + milvus_address + " to be set");
      check_port(milvus_port);
    }
    const std::string account_name = prefix + ".accountName";
    if (provider == "azure" && set_.str(account_name).empty()) {
      sentence(account_name, "is required for the azure provider");
    } else if (provider != "azure" && set_.is_set(account_name)) {
      sentence(account_name, "only applies to the azure provider, but " + provider_key + " is " + quoted(provider));
    }
    if (set_.is_set(prefix + ".localPath")) {
      sentence(prefix + ".localPath",
               "only applies to the local provider, but " + provider_key + " is " + quoted(provider));
    }
    check_auth(prefix, provider);
  }

  void check_auth(const std::string& prefix, const std::string& provider) {
    const std::string type_key = prefix + ".auth.type";
    auto by_provider = kAuthTypesByProvider.find(provider);
    const Names& allowed = by_provider == kAuthTypesByProvider.end() ? kS3AuthTypes : by_provider->second;
    if (!check_enum(type_key, allowed, " for provider " + quoted(provider))) return;
    const std::string type = set_.str(type_key);
    if (auto required = kRequiredByAuthType.find(type); required != kRequiredByAuthType.end()) {
      for (const auto& sub : required->second) {
        if (set_.str(prefix + "." + sub).empty()) {
          sentence(prefix + "." + sub, "is required when " + type_key + " is " + quoted(type));
        }
      }
    }
    // A credential the chosen type does not use is a mistake, not something to ignore silently.
    const Names& applies = kCredentialsByAuthType.at(type);
    for (const auto& sub : kCredentials) {
      if (std::find(applies.begin(), applies.end(), sub) == applies.end() && set_.is_set(prefix + "." + sub)) {
        sentence(prefix + "." + sub, "does not apply when " + type_key + " is " + quoted(type));
      }
    }
  }

  ResolvedSet& set_;
  const std::string& file_;
  std::vector<std::string>& errors_;
};

}  // namespace

void validate(ResolvedSet& v2, const std::string& file, std::vector<std::string>& errors) {
  Validator(v2, file, errors).run();
}

}  // namespace mb::config
