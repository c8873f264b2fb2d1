#include "meta/utf8.h"

namespace mb::meta {

namespace {

bool is_continuation(unsigned char byte) { return byte >= 0x80 && byte <= 0xBF; }

}  // namespace

DecodedRune decode_utf8(std::string_view text, size_t pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  if (lead < 0x80) return {lead, 1, true};

  size_t length = 0;
  char32_t rune = 0;
  // Bounds of the second byte: they exclude overlong forms, surrogates and runes above U+10FFFF.
  unsigned char second_low = 0x80;
  unsigned char second_high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    rune = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    rune = lead & 0x0F;
    if (lead == 0xE0) second_low = 0xA0;
    if (lead == 0xED) second_high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    rune = lead & 0x07;
    if (lead == 0xF0) second_low = 0x90;
    if (lead == 0xF4) second_high = 0x8F;
  } else {
    return {0xFFFD, 1, false};
  }
  if (pos + length > text.size()) return {0xFFFD, 1, false};

  const auto second = static_cast<unsigned char>(text[pos + 1]);
  if (second < second_low || second > second_high) return {0xFFFD, 1, false};
  rune = (rune << 6) | (second & 0x3F);
  for (size_t i = 2; i < length; ++i) {
    const auto next = static_cast<unsigned char>(text[pos + i]);
    if (!is_continuation(next)) return {0xFFFD, 1, false};
    rune = (rune << 6) | (next & 0x3F);
  }
  return {rune, length, true};
}

}  // namespace mb::meta
