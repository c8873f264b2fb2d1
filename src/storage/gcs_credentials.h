// A Google service-account key file (storage.auth.credentialsFile): who signs the token requests,
// with which key, where tokens are exchanged, and which project new buckets belong to.
#pragma once

#include <string>
#include <string_view>

#include "util/error.h"

namespace mb::storage::gcs {

struct ServiceAccount {
  std::string client_email;
  std::string private_key;  // PEM; secret: never logged, never in errors
  std::string private_key_id;
  std::string token_uri;  // where the signed assertion is exchanged for an access token
  std::string project_id;
};

// The JSON of a key file ("type": "service_account"); kInvalidArgument naming the missing field.
Result<ServiceAccount> parse_service_account(std::string_view json);

// Reads and parses the file; errors name the path (never the content).
Result<ServiceAccount> load_service_account(const std::string& path);

}  // namespace mb::storage::gcs
