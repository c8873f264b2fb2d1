#include "util/crc32c.h"

#include <isa-l/crc.h>

#include <algorithm>
#include <limits>

namespace mb {

uint32_t crc32c(std::span<const std::byte> data, uint32_t crc) {
  // isa-l's crc32_iscsi neither inverts the initial value nor the result, while the standard
  // CRC32C does both; the inversions also make chaining work. Its length is an int, so large
  // buffers go in pieces.
  constexpr size_t kMaxPiece = std::numeric_limits<int>::max() / 2;
  uint32_t state = ~crc;
  while (!data.empty()) {
    const size_t piece = std::min(data.size(), kMaxPiece);
    state = crc32_iscsi(reinterpret_cast<unsigned char*>(const_cast<std::byte*>(data.data())),
                        static_cast<int>(piece), state);
    data = data.subspan(piece);
  }
  return ~state;
}

uint32_t crc32c(std::string_view data, uint32_t crc) {
  return crc32c(std::as_bytes(std::span(data.data(), data.size())), crc);
}

}  // namespace mb
