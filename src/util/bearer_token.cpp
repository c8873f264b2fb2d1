#include "util/bearer_token.h"

#include <openssl/crypto.h>

#include <string>

#include "util/digest.h"

namespace mb {

bool bearer_token_matches(std::string_view authorization, std::string_view token) {
  constexpr std::string_view kScheme = "Bearer ";
  const std::string_view given = authorization.starts_with(kScheme) ? authorization.substr(kScheme.size()) : "";
  // Digests have one length whatever the inputs, so the comparison below never exits early.
  const std::string expected_digest = digest::sha256(token);
  const std::string given_digest = digest::sha256(given);
  const bool same = CRYPTO_memcmp(expected_digest.data(), given_digest.data(), expected_digest.size()) == 0;
  return same && authorization.starts_with(kScheme) && !token.empty();
}

}  // namespace mb
