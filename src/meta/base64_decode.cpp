#include "meta/base64_decode.h"

#include <array>
#include <cstdint>

namespace mb::meta {

namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr int kNotInAlphabet = -1;

constexpr std::array<int, 256> make_decode_table() {
  std::array<int, 256> table{};
  table.fill(kNotInAlphabet);
  for (size_t i = 0; i < kAlphabet.size(); ++i) table[static_cast<unsigned char>(kAlphabet[i])] = int(i);
  return table;
}

constexpr std::array<int, 256> kDecodeTable = make_decode_table();

}  // namespace

std::optional<std::string> base64_decode(std::string_view text) {
  std::string symbols;
  symbols.reserve(text.size());
  for (char c : text) {
    if (c != '\r' && c != '\n') symbols += c;
  }
  if (symbols.size() % 4 != 0) return std::nullopt;

  std::string out;
  out.reserve(symbols.size() / 4 * 3);
  for (size_t i = 0; i < symbols.size(); i += 4) {
    const bool last_group = i + 4 == symbols.size();
    size_t padding = 0;
    if (last_group && symbols[i + 3] == '=') padding = symbols[i + 2] == '=' ? 2 : 1;
    uint32_t group = 0;
    for (size_t j = 0; j < 4; ++j) {
      int value = 0;
      if (j < 4 - padding) {
        value = kDecodeTable[static_cast<unsigned char>(symbols[i + j])];
        if (value == kNotInAlphabet) return std::nullopt;
      }
      group = group << 6 | uint32_t(value);
    }
    out += char((group >> 16) & 0xFF);
    if (padding < 2) out += char((group >> 8) & 0xFF);
    if (padding < 1) out += char(group & 0xFF);
  }
  return out;
}

}  // namespace mb::meta
