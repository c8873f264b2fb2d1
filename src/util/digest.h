// Hashes and encodings the storage backends sign and check requests with (OpenSSL underneath).
#pragma once

#include <string>
#include <string_view>

namespace mb::digest {

// Raw digests, as binary strings.
std::string sha256(std::string_view data);
std::string md5(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);

// Lower-case hex, as SigV4 wants it.
std::string hex(std::string_view bytes);
inline std::string sha256_hex(std::string_view data) { return hex(sha256(data)); }

// Standard base64 with padding (Content-MD5, Azure Shared Key).
std::string base64_encode(std::string_view bytes);

}  // namespace mb::digest
