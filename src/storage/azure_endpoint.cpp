#include "storage/azure_endpoint.h"

#include <algorithm>
#include <cctype>

#include "util/url_encode.h"

namespace mb::storage::azure {
namespace {

bool is_ipv4(std::string_view host) {
  return !host.empty() && std::all_of(host.begin(), host.end(), [](unsigned char c) {
    return std::isdigit(c) || c == '.';
  });
}

// Emulators listen on a local or private address; Azure itself is only reached by name.
bool is_emulator_host(std::string_view host) {
  return host == "localhost" || is_ipv4(host) || host.find(':') != std::string_view::npos;
}

Error config_error(std::string message, std::string key) {
  return Error(ErrorCode::kInvalidArgument, std::move(message)).with("config_key", std::move(key));
}

}  // namespace

std::string Endpoint::path(std::string_view key) const {
  std::string out;
  if (account_in_path) out += "/" + account;
  out += "/" + container;
  if (!key.empty()) out += "/" + url_encode(key, /*keep_slash=*/true);
  return out;
}

std::string Endpoint::url(std::string_view encoded_path, std::string_view encoded_query) const {
  std::string out = scheme + "://" + host + std::string(encoded_path);
  if (!encoded_query.empty()) out += "?" + std::string(encoded_query);
  return out;
}

std::string Endpoint::service_url() const {
  return scheme + "://" + host + (account_in_path ? "/" + account : std::string());
}

Result<Endpoint> resolve_endpoint(const config::StorageConfig& config) {
  if (config.account_name.empty()) {
    return fail(config_error("storage.accountName is required for the azure provider", "storage.accountName"));
  }
  if (config.bucket_name.empty()) {
    return fail(config_error("storage.bucketName (the Azure container) is required", "storage.bucketName"));
  }
  std::string address = config.address;
  if (address.empty() || address.find('/') != std::string::npos) {
    return fail(config_error("storage.address must be a host such as core.windows.net, not \"" + address + "\"",
                             "storage.address"));
  }
  Endpoint endpoint;
  endpoint.account = config.account_name;
  endpoint.container = config.bucket_name;
  const std::string port = std::to_string(config.port);
  if (is_emulator_host(address)) {
    const bool ipv6 = address.find(':') != std::string::npos && address.front() != '[';
    endpoint.scheme = config.use_ssl ? "https" : "http";
    endpoint.host = (ipv6 ? "[" + address + "]" : address) + ":" + port;
    endpoint.account_in_path = true;
  } else {
    // Like the Go tool: always TLS, and the port is part of the suffix unless it is 443.
    endpoint.scheme = "https";
    endpoint.host = config.account_name + ".blob." + address + (config.port == 443 ? "" : ":" + port);
  }
  return endpoint;
}

}  // namespace mb::storage::azure
