// AWS Signature Version 4 for S3, as pure functions: no clock, no I/O. Each step of the procedure
// (canonical request, string to sign, signing key, signature, Authorization header) is exposed so
// tests can check it against AWS's published vectors.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/http_client.h"

namespace mb::storage::sigv4 {

using Query = std::vector<std::pair<std::string, std::string>>;

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;  // secret
  std::string session_token;      // secret; empty when the keys are long-lived
};

// The payload hash of a body that is not hashed (allowed over TLS; saves hashing large parts).
inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

struct RequestToSign {
  std::string_view method;
  std::string_view path;  // decoded, e.g. "/bucket/my key"; encoded here exactly once, as S3 wants
  Query query;            // decoded names and values
  http::Headers headers;  // every header to sign, as sent; must include host and x-amz-date
  std::string_view payload_hash;  // hex SHA-256 of the body, or kUnsignedPayload
};

struct Scope {
  std::string_view date;  // YYYYMMDD, the day of x-amz-date
  std::string_view region;
  std::string_view service;  // "s3"
};

// "20150830T123600Z"
std::string amz_date(std::chrono::system_clock::time_point time);

// The request path and query as they go on the wire (and into the canonical request).
std::string canonical_uri(std::string_view path);
std::string canonical_query(const Query& query);

// "host;x-amz-date": lower-case names, sorted, each once.
std::string signed_header_names(const http::Headers& headers);
std::string canonical_request(const RequestToSign& request);
std::string string_to_sign(std::string_view amz_date, const Scope& scope, std::string_view canonical_request);
std::string signing_key(std::string_view secret_access_key, const Scope& scope);  // raw bytes
std::string signature(std::string_view signing_key, std::string_view string_to_sign);  // hex

// The Authorization header value for `request`, whose headers already hold x-amz-date (and, with
// temporary credentials, x-amz-security-token).
std::string authorization(const RequestToSign& request, const Credentials& credentials, std::string_view region,
                          std::string_view service);

// Signs an S3 request: adds x-amz-date, x-amz-content-sha256 and (with a session token)
// x-amz-security-token to `headers`, then Authorization. `headers` must hold Host.
void sign_s3_request(std::string_view method, std::string_view path, const Query& query, http::Headers& headers,
                     std::string_view payload_hash, const Credentials& credentials, std::string_view region,
                     std::chrono::system_clock::time_point now);

}  // namespace mb::storage::sigv4
