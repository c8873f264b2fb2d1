// Where the S3 client's signing keys come from: long-lived keys from the config, or temporary keys
// from the EC2 instance metadata service (IMDSv2) or from STS for a web identity token (EKS IRSA).
// Temporary keys are cached, shared by all threads and fetched again a few minutes before they
// expire. Errors name the source (URL, HTTP status, STS error code), never a key or a token.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "storage/s3_signer.h"
#include "util/error.h"
#include "util/http_client.h"

namespace mb::storage::s3 {

struct ExpiringCredentials {
  sigv4::Credentials keys;
  std::chrono::system_clock::time_point expiration;
};

using CredentialsFetcher = std::function<Result<ExpiringCredentials>()>;

class CredentialsProvider {
 public:
  // `identity` names the source without secrets: two stores copy server-side only when it matches.
  CredentialsProvider(std::string identity, CredentialsFetcher fetch);

  // Long-lived keys, handed out as they are; the identity is the access key id.
  static std::shared_ptr<CredentialsProvider> fixed(sigv4::Credentials keys);

  // Valid keys, from the cache or fetched now (one fetch at a time; the other threads wait for it).
  Result<sigv4::Credentials> credentials();
  const std::string& identity() const { return identity_; }

 private:
  std::string identity_;
  CredentialsFetcher fetch_;
  std::mutex mutex_;
  std::optional<sigv4::Credentials> cached_;
  std::chrono::system_clock::time_point refresh_after_;
};

// IMDSv2 at `base_url` ("http://169.254.169.254"): a session token, the instance's role name, then
// that role's keys. A server refusing the token PUT with 403/404/405 is asked without one (IMDSv1).
CredentialsFetcher instance_metadata_fetcher(std::string base_url, http::ClientOptions http);

struct WebIdentity {
  std::string token_file;  // AWS_WEB_IDENTITY_TOKEN_FILE: read again on each fetch, it is rotated
  std::string role_arn;    // AWS_ROLE_ARN
  std::string session_name;
  std::string sts_url;  // "https://sts.us-east-1.amazonaws.com"
};

// From AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN and AWS_ROLE_SESSION_NAME; STS at
// AWS_ENDPOINT_URL_STS, else the regional endpoint of `region`. nullopt when the first two are unset.
std::optional<WebIdentity> web_identity_from_env(std::string_view region);

// STS AssumeRoleWithWebIdentity (an unsigned call: the token is the proof).
CredentialsFetcher web_identity_fetcher(WebIdentity identity, http::ClientOptions http);

// The chain for storage.auth.type "iam": web identity when its variables are set, else instance
// metadata at `iam_endpoint` (empty: the link-local address). "default" first takes
// AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY[/AWS_SESSION_TOKEN] from the environment.
std::shared_ptr<CredentialsProvider> iam_credentials_provider(bool environment_keys_first, std::string_view iam_endpoint,
                                                              std::string_view region, const http::ClientOptions& http);

}  // namespace mb::storage::s3
