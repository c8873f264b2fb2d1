// CRC32C (Castagnoli), the checksum S3 (x-amz-checksum-crc32c) and GCS verify natively.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace mb {

// Extends `crc` (the CRC32C of the bytes before `data`; 0 for none) over `data`, so that
// crc32c(b, crc32c(a)) == crc32c(a + b). Standard convention: crc32c("123456789") == 0xE3069283.
uint32_t crc32c(std::span<const std::byte> data, uint32_t crc = 0);
uint32_t crc32c(std::string_view data, uint32_t crc = 0);

}  // namespace mb
