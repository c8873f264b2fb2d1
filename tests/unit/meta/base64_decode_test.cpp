#include "meta/base64_decode.h"

#include <gtest/gtest.h>

namespace mb::meta {
namespace {

TEST(Base64Decode, DecodesPaddedStandardBase64) {
  EXPECT_EQ(base64_decode(""), "");
  EXPECT_EQ(base64_decode("GAc="), std::string("\x18\x07", 2));
  EXPECT_EQ(base64_decode("MgNuL2E="), std::string("\x32\x03n/a", 5));
  EXPECT_EQ(base64_decode("AAEC"), std::string("\x00\x01\x02", 3));
  EXPECT_EQ(base64_decode("+/8="), std::string("\xfb\xff", 2));
}

TEST(Base64Decode, SkipsLineBreaksLikeGo) { EXPECT_EQ(base64_decode("GA\r\nc="), std::string("\x18\x07", 2)); }

TEST(Base64Decode, RejectsWhatGoRejects) {
  EXPECT_EQ(base64_decode("GAc"), std::nullopt);     // unpadded
  EXPECT_EQ(base64_decode("GA=c"), std::nullopt);    // padding inside
  EXPECT_EQ(base64_decode("G-c="), std::nullopt);    // URL alphabet
  EXPECT_EQ(base64_decode("GAc=GAc="), std::nullopt);  // padding before the end
  EXPECT_EQ(base64_decode("A==="), std::nullopt);
}

}  // namespace
}  // namespace mb::meta
