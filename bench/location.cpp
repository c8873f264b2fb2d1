#include "location.h"

#include <charconv>
#include <cstdlib>

#include "storage/store_factory.h"

namespace mb::bench {
namespace {

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

// "http://127.0.0.1:19656" -> use_ssl, address, port.
Status apply_endpoint(std::string_view endpoint, config::StorageConfig& storage) {
  const size_t scheme_end = endpoint.find("://");
  if (scheme_end == std::string_view::npos) {
    return fail(ErrorCode::kInvalidArgument, "MB_S3_ENDPOINT must look like http://host:port, not \"" +
                                                 std::string(endpoint) + "\"");
  }
  const std::string_view scheme = endpoint.substr(0, scheme_end);
  std::string_view host_port = endpoint.substr(scheme_end + 3);
  if (host_port.ends_with('/')) host_port.remove_suffix(1);
  storage.use_ssl = scheme == "https";
  storage.port = storage.use_ssl ? 443 : 80;
  const size_t colon = host_port.rfind(':');
  storage.address = std::string(host_port.substr(0, colon));
  if (colon != std::string_view::npos) {
    const std::string_view port = host_port.substr(colon + 1);
    const auto parsed = std::from_chars(port.data(), port.data() + port.size(), storage.port);
    if (parsed.ec != std::errc{} || parsed.ptr != port.data() + port.size()) {
      return fail(ErrorCode::kInvalidArgument, "bad port in MB_S3_ENDPOINT \"" + std::string(endpoint) + "\"");
    }
  }
  return {};
}

Result<config::StorageConfig> s3_storage(std::string_view bucket_and_prefix) {
  config::StorageConfig storage;
  storage.provider = "minio";  // path-style addressing, as S3-compatible servers want
  const size_t slash = bucket_and_prefix.find('/');
  storage.bucket_name = std::string(bucket_and_prefix.substr(0, slash));
  storage.root_path = slash == std::string_view::npos ? "" : std::string(bucket_and_prefix.substr(slash + 1));
  if (storage.bucket_name.empty()) return fail(ErrorCode::kInvalidArgument, "s3:// location without a bucket");
  const std::string endpoint = env_or_empty("MB_S3_ENDPOINT");
  if (endpoint.empty()) return fail(ErrorCode::kInvalidArgument, "s3:// locations need MB_S3_ENDPOINT");
  MB_CHECK(apply_endpoint(endpoint, storage));
  storage.access_key_id = env_or_empty("MB_S3_ACCESS_KEY");
  storage.secret_access_key = env_or_empty("MB_S3_SECRET_KEY");
  storage.region = env_or_empty("MB_S3_REGION");
  if (storage.region.empty()) storage.region = "us-east-1";
  return storage;
}

}  // namespace

Result<Location> parse_location(std::string_view text) {
  Location location;
  constexpr std::string_view kS3Scheme = "s3://";
  if (text.starts_with(kS3Scheme)) {
    MB_TRY(storage, s3_storage(text.substr(kS3Scheme.size())));
    location.storage = std::move(storage);
  } else {
    location.storage.provider = "local";
    location.storage.root_path = std::string(text);
  }
  location.key_prefix = storage::root_prefix(location.storage);
  return location;
}

}  // namespace mb::bench
