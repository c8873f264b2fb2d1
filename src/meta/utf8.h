// UTF-8 decoding with the exact validity rules of Go's unicode/utf8, so that text is judged the same
// way the Go tool judges it (JSON escaping, name checks).
#pragma once

#include <cstddef>
#include <string_view>

namespace mb::meta {

struct DecodedRune {
  char32_t rune = 0;
  size_t size = 0;     // bytes consumed; 1 for an invalid byte
  bool valid = false;  // false: overlong, surrogate, out of range or truncated sequence
};

// Decodes the rune starting at text[pos]; pos must be < text.size().
DecodedRune decode_utf8(std::string_view text, size_t pos);

}  // namespace mb::meta
