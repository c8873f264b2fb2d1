// What the copy engine moves: one object from a source key to a destination key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace mb::copy {

struct CopyJob {
  std::string src_key;
  std::string dst_key;
  uint64_t size = 0;  // as listed at the source; checked at the destination after the copy
};

struct CopiedObject {
  std::string dst_key;
  uint64_t size = 0;
  std::optional<uint32_t> crc32c;  // of every byte that passed through us; none for a server-side copy
  bool server_side = false;
};

}  // namespace mb::copy
