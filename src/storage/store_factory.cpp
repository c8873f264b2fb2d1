#include "storage/store_factory.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "storage/azure_store.h"
#include "storage/gcs_store.h"
#include "storage/local_store.h"
#include "storage/s3_client.h"
#include "storage/s3_store.h"

namespace mb::storage {
namespace fs = std::filesystem;
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_s3_family(std::string_view provider) {
  return provider == "minio" || provider == "s3" || provider == "aws" || provider == "aliyun" ||
         provider == "tencent" || provider == "hwc" || provider == "gcp";
}

fs::path absolute_root(const config::StorageConfig& config) {
  std::error_code ec;
  fs::path root = fs::absolute(config.root_path.empty() ? fs::path(".") : fs::path(config.root_path), ec);
  return root.lexically_normal();
}

Result<s3::ClientConfig> s3_client_config(const config::StorageConfig& config) {
  const std::string auth = lower(config.auth_type);
  const bool iam = auth == "iam" || auth == "default";
  // Those providers' "iam" is their own cloud's credential chain (Alibaba OIDC, TKE, Huawei, Google),
  // not the AWS one built here.
  const bool aws_credential_chain = config.provider == "minio" || config.provider == "s3" || config.provider == "aws";
  if (iam && !aws_credential_chain) {
    return fail(Error(ErrorCode::kInvalidArgument,
                      "storage.auth.type \"" + config.auth_type + "\" is not supported by this build for provider " +
                          config.provider + "; use \"static\" with auth.accessKeyID and auth.secretAccessKey "
                          "(and auth.sessionToken for temporary keys)")
                    .with("config_key", "storage.auth.type")
                    .with("provider", config.provider));
  }
  if (!iam && !auth.empty() && auth != "static") {
    return fail(Error(ErrorCode::kInvalidArgument, "storage.auth.type \"" + config.auth_type +
                                                       "\" does not apply to provider " + config.provider)
                    .with("config_key", "storage.auth.type"));
  }
  s3::ClientConfig client;
  client.dialect = s3::dialect_of(config);
  if (!iam && !client.dialect.oauth_bearer && (config.access_key_id.empty() || config.secret_access_key.empty())) {
    return fail(Error(ErrorCode::kInvalidArgument,
                      "storage.auth.accessKeyID and storage.auth.secretAccessKey are required for auth.type static")
                    .with("config_key", config.access_key_id.empty() ? "storage.auth.accessKeyID"
                                                                     : "storage.auth.secretAccessKey")
                    .with("provider", config.provider));
  }
  MB_TRY(endpoint, s3::resolve_endpoint(config));
  client.endpoint = std::move(endpoint);
  client.http.ca_file = config.ca_cert_path;
  client.credentials =
      iam ? s3::iam_credentials_provider(auth == "default", config.iam_endpoint, client.endpoint.region, client.http)
          : s3::CredentialsProvider::fixed({config.access_key_id, config.secret_access_key, config.session_token});
  return client;
}

}  // namespace

Result<std::unique_ptr<ObjectStore>> make_store(const config::StorageConfig& config, const StoreOptions& options) {
  const std::string provider = lower(config.provider);
  if (provider == "local") {
    return std::unique_ptr<ObjectStore>(std::make_unique<LocalStore>("/", absolute_root(config)));
  }
  if (is_s3_family(provider)) {
    config::StorageConfig normalized = config;
    normalized.provider = provider;
    MB_TRY(client_config, s3_client_config(normalized));
    client_config.retry.window = options.retry_window;
    S3StoreOptions store_options;
    store_options.multipart_copy_threshold = options.multipart_copy_threshold;
    return std::unique_ptr<ObjectStore>(
        std::make_unique<S3Store>(std::make_shared<s3::Client>(std::move(client_config)), store_options));
  }
  if (provider == "azure") return make_azure_store(config, options.multipart_copy_threshold, options.retry_window);
  if (provider == "gcpnative") return make_gcs_store(config, options.retry_window);
  return fail(Error(ErrorCode::kInvalidArgument,
                    "unknown storage provider \"" + config.provider +
                        "\" (known: local, minio, s3, aws, aliyun, tencent, hwc, gcp, gcpnative, azure)")
                  .with("config_key", "storage.provider"));
}

StoreOptions store_options(const config::TransferConfig& transfer) {
  return StoreOptions{.multipart_copy_threshold = static_cast<uint64_t>(transfer.multipart_copy_threshold_mib) << 20,
                      .retry_window = std::chrono::seconds(std::max<int64_t>(transfer.retry_window_seconds, 0))};
}

std::string root_prefix(const config::StorageConfig& config) {
  std::string root = lower(config.provider) == "local" ? absolute_root(config).string() : config.root_path;
  const size_t first = root.find_first_not_of('/');
  if (first == std::string::npos) return {};
  const size_t last = root.find_last_not_of('/');
  return root.substr(first, last - first + 1);
}

}  // namespace mb::storage
