// Percent-encoding as RFC 3986 and AWS SigV4 define it: every byte outside the unreserved set
// (A-Z a-z 0-9 - . _ ~) becomes %XX with upper-case hex; UTF-8 is encoded byte by byte.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mb {

// keep_slash=true for object keys in a URL path, false for query names and values.
std::string url_encode(std::string_view raw, bool keep_slash);

// Reverses url_encode. plus_is_space=true reads form encoding, which S3's encoding-type=url listings
// use (a literal '+' arrives as %2B). nullopt when a '%' is not followed by two hex digits.
std::optional<std::string> url_decode(std::string_view encoded, bool plus_is_space = false);

}  // namespace mb
