#include "storage/gcs_endpoint.h"

#include "util/url_encode.h"

namespace mb::storage::gcs {
namespace {

constexpr std::string_view kGoogleBaseUrl = "https://storage.googleapis.com";

bool is_google_host(std::string_view host) {
  return host.empty() || host == "storage.googleapis.com" || host.ends_with(".storage.googleapis.com") ||
         host == "www.googleapis.com" || host == "googleapis.com";
}

std::string encode(std::string_view segment) { return url_encode(segment, /*keep_slash=*/false); }

}  // namespace

std::string Endpoint::object_url(std::string_view bucket_name, std::string_view key) const {
  return base_url + "/storage/v1/b/" + encode(bucket_name) + "/o/" + encode(key);
}

std::string Endpoint::objects_url() const { return base_url + "/storage/v1/b/" + encode(bucket) + "/o"; }

std::string Endpoint::buckets_url() const { return base_url + "/storage/v1/b"; }

std::string Endpoint::upload_url() const { return base_url + "/upload/storage/v1/b/" + encode(bucket) + "/o"; }

Result<Endpoint> resolve_endpoint(const config::StorageConfig& config) {
  if (config.bucket_name.empty()) {
    return fail(Error(ErrorCode::kInvalidArgument, "storage.bucketName is required").with("config_key", "storage.bucketName"));
  }
  if (config.address.find('/') != std::string::npos) {
    return fail(Error(ErrorCode::kInvalidArgument,
                      "storage.address must be a host such as storage.googleapis.com, not \"" + config.address + "\"")
                    .with("config_key", "storage.address"));
  }
  Endpoint endpoint;
  endpoint.bucket = config.bucket_name;
  if (is_google_host(config.address)) {
    endpoint.base_url = kGoogleBaseUrl;
    return endpoint;
  }
  const bool ipv6 = config.address.find(':') != std::string::npos && config.address.front() != '[';
  endpoint.base_url = std::string(config.use_ssl ? "https" : "http") + "://" +
                      (ipv6 ? "[" + config.address + "]" : config.address) + ":" + std::to_string(config.port);
  endpoint.custom = true;
  return endpoint;
}

}  // namespace mb::storage::gcs
