// Splitting text on a separator the way Go's strings.Split does: n separators give n + 1 pieces,
// empty ones included.
#pragma once

#include <string_view>
#include <vector>

namespace mb::meta {

inline std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> pieces;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      pieces.push_back(text.substr(start));
      return pieces;
    }
    pieces.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

}  // namespace mb::meta
