// The OAuth 2.0 JWT bearer assertion a service account exchanges for an access token, as pure
// functions (the time is a parameter): header {"alg":"RS256","typ":"JWT"}, the claim set, and the
// RS256 signature over both, each part base64url without padding.
// https://developers.google.com/identity/protocols/oauth2/service-account#httprest
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "storage/gcs_credentials.h"
#include "util/error.h"

namespace mb::storage::gcs {

inline constexpr std::string_view kReadWriteScope = "https://www.googleapis.com/auth/devstorage.read_write";
// Google accepts assertions valid for at most an hour.
inline constexpr std::chrono::seconds kAssertionLifetime{3600};

// RFC 4648 §5 alphabet, no padding.
std::string base64url(std::string_view bytes);

// {"aud":token_uri,"exp":iat+3600,"iat":iat,"iss":client_email,"scope":scope}
std::string claim_set(const ServiceAccount& account, std::string_view scope, int64_t issued_at);

// The raw RSASSA-PKCS1-v1_5 SHA-256 signature of `data` with a PEM private key. kInvalidArgument
// when the key cannot be read (the message never contains it).
Result<std::string> sign_rs256(std::string_view pem_private_key, std::string_view data);

// header.claims.signature, ready for the grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer request.
Result<std::string> assertion(const ServiceAccount& account, std::string_view scope,
                              std::chrono::system_clock::time_point now);

}  // namespace mb::storage::gcs
