// OAuth 2.0 access tokens for a service account: a signed JWT assertion exchanged at the key
// file's token_uri, cached and shared by all threads until five minutes before it expires.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "storage/gcs_credentials.h"
#include "util/error.h"
#include "util/http_client.h"
#include "util/retry.h"

namespace mb::storage::gcs {

class TokenSource {
 public:
  TokenSource(ServiceAccount account, http::ClientOptions http, retry::Policy retry);

  // A valid access token, from the cache or fetched now. Errors name the token endpoint and the
  // service account, never the key or a token.
  Result<std::string> token();

  const ServiceAccount& account() const { return account_; }

 private:
  Result<http::Response> exchange();

  ServiceAccount account_;
  http::HttpClient http_;
  retry::Policy retry_;
  std::mutex mutex_;  // one refresh at a time; the others wait for its token
  std::string token_;
  std::chrono::steady_clock::time_point refresh_after_;
};

}  // namespace mb::storage::gcs
