#include "util/crc32c.h"

#include <gtest/gtest.h>

#include <string>

namespace mb {
namespace {

TEST(Crc32c, StandardCheckValue) { EXPECT_EQ(crc32c(std::string_view("123456789")), 0xE3069283u); }

TEST(Crc32c, EmptyInputIsZero) { EXPECT_EQ(crc32c(std::string_view()), 0u); }

// RFC 3720 (iSCSI) appendix B.4 test vectors.
TEST(Crc32c, Rfc3720Vectors) {
  EXPECT_EQ(crc32c(std::string(32, '\0')), 0x8A9136AAu);
  EXPECT_EQ(crc32c(std::string(32, '\xFF')), 0x62A8AB43u);
  std::string ascending;
  for (int i = 0; i < 32; ++i) ascending.push_back(static_cast<char>(i));
  EXPECT_EQ(crc32c(ascending), 0x46DD794Eu);
}

TEST(Crc32c, ChainingEqualsOneShot) {
  const std::string data = "The quick brown fox jumps over the lazy dog, again and again and again.";
  for (size_t split = 0; split <= data.size(); ++split) {
    const uint32_t first = crc32c(std::string_view(data).substr(0, split));
    EXPECT_EQ(crc32c(std::string_view(data).substr(split), first), crc32c(data)) << "split at " << split;
  }
}

}  // namespace
}  // namespace mb
