// Reading standard padded base64 (RFC 4648) the way Go's encoding/base64.StdEncoding reads it: the
// meta stores proto bytes (field default values) this way. Encoding lives in util/digest.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mb::meta {

// nullopt when the text is not padded base64. Like Go, CR and LF anywhere are skipped.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace mb::meta
