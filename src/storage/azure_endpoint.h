// Where the requests of an Azure Blob store go. Azure proper is addressed by host name, as the Go
// tool does it: https://<accountName>.blob.<address[:port] without :443>. An emulator (Azurite)
// at an IP address or "localhost" is addressed by path, its account the first path segment:
// http://127.0.0.1:10000/devstoreaccount1/<container>/<blob>, with http or https as useSSL says.
#pragma once

#include <string>
#include <string_view>

#include "config/config.h"
#include "util/error.h"

namespace mb::storage::azure {

struct Endpoint {
  std::string scheme;  // "https", or "http" for an emulator without useSSL
  std::string host;    // as in the URL and the Host header: "acct.blob.core.windows.net", "127.0.0.1:10000"
  std::string account;
  std::string container;
  bool account_in_path = false;  // emulator style

  // The encoded request path of the container (empty key) or of one blob:
  // "/container/dir/my%20blob", "/devstoreaccount1/container/dir/my%20blob".
  std::string path(std::string_view key) const;
  // "scheme://host" + encoded path + ("?" + encoded query when not empty).
  std::string url(std::string_view encoded_path, std::string_view encoded_query) const;
  // "https://acct.blob.core.windows.net", "http://127.0.0.1:10000/devstoreaccount1"
  std::string service_url() const;
};

// kInvalidArgument naming the config key when the account or the address is unusable.
Result<Endpoint> resolve_endpoint(const config::StorageConfig& config);

}  // namespace mb::storage::azure
