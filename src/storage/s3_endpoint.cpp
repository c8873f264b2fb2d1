#include "storage/s3_endpoint.h"

#include <algorithm>

namespace mb::storage::s3 {
namespace {

constexpr std::string_view kAwsSuffix = ".amazonaws.com";

// s3.amazonaws.com, s3.<region>.amazonaws.com, s3-<region>.amazonaws.com, s3.dualstack.<region>...
bool is_aws_s3_host(std::string_view host) {
  return host.ends_with(kAwsSuffix) && (host.starts_with("s3.") || host.starts_with("s3-"));
}

// Virtual-hosted names need the bucket to be one DNS label; a dotted bucket name also breaks TLS
// wildcard certificates. Such buckets are addressed path-style where the provider allows it.
bool dns_label_safe(std::string_view bucket, bool tls) {
  if (bucket.empty() || bucket.size() > 63) return false;
  if (tls && bucket.find('.') != std::string_view::npos) return false;
  return std::all_of(bucket.begin(), bucket.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

}  // namespace

std::string Endpoint::host() const { return virtual_hosted ? bucket + "." + service_host : service_host; }

std::string Endpoint::path(std::string_view key) const {
  std::string out = virtual_hosted ? "/" : "/" + bucket + "/";
  out += key;
  return out;
}

std::string Endpoint::url(std::string_view path_encoded, std::string_view canonical_query) const {
  std::string out = scheme + "://" + host() + std::string(path_encoded);
  if (!canonical_query.empty()) out += "?" + std::string(canonical_query);
  return out;
}

Result<Endpoint> resolve_endpoint(const config::StorageConfig& config) {
  const std::string& provider = config.provider;
  std::string address = config.address;
  if (address.find("://") != std::string::npos || address.find('/') != std::string::npos) {
    return fail(Error(ErrorCode::kInvalidArgument,
                      "storage address must be a host name without scheme or path (the scheme comes from useSSL)")
                    .with("config_key", "storage.address")
                    .with("value", address));
  }
  if (address.empty()) {
    if (provider != "gcp") {
      return fail(Error(ErrorCode::kInvalidArgument, "storage address is empty").with("config_key", "storage.address"));
    }
    address = "storage.googleapis.com";
  }
  if (config.bucket_name.empty()) {
    return fail(Error(ErrorCode::kInvalidArgument, "storage bucket name is empty").with("config_key", "storage.bucketName"));
  }

  Endpoint endpoint;
  endpoint.scheme = config.use_ssl ? "https" : "http";
  endpoint.bucket = config.bucket_name;
  endpoint.region = !config.region.empty() ? config.region : (provider == "gcp" ? "auto" : "us-east-1");

  const int default_port = config.use_ssl ? 443 : 80;
  const bool aws_host = is_aws_s3_host(address);
  if (aws_host && address == "s3.amazonaws.com" && !config.region.empty()) {
    address = "s3." + config.region + ".amazonaws.com";  // the regional endpoint of the bucket's region
  }
  endpoint.service_host = config.port == 0 || config.port == default_port ? address
                                                                           : address + ":" + std::to_string(config.port);

  const bool dns_providers = provider == "aliyun" || provider == "tencent" || provider == "hwc";
  if (dns_providers) {
    endpoint.virtual_hosted = true;  // these providers serve buckets only by DNS name
  } else if (aws_host || provider == "gcp") {
    endpoint.virtual_hosted = dns_label_safe(config.bucket_name, config.use_ssl);
  }
  return endpoint;
}

Dialect dialect_of(const config::StorageConfig& config) {
  Dialect dialect;
  if (config.provider == "gcp") {
    dialect.batch_delete = false;
    dialect.part_copy = false;
    dialect.oauth_bearer = !config.session_token.empty();
  }
  return dialect;
}

}  // namespace mb::storage::s3
