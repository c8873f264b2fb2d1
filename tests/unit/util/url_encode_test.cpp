#include "util/url_encode.h"

#include <gtest/gtest.h>

namespace mb {
namespace {

TEST(UrlEncode, UnreservedBytesStay) {
  const std::string unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  EXPECT_EQ(url_encode(unreserved, false), unreserved);
}

TEST(UrlEncode, EverythingElseIsPercentEncodedUpperCase) {
  EXPECT_EQ(url_encode("a b+c%d", false), "a%20b%2Bc%25d");
  EXPECT_EQ(url_encode("!*'();:@&=$,?#[]", false), "%21%2A%27%28%29%3B%3A%40%26%3D%24%2C%3F%23%5B%5D");
  EXPECT_EQ(url_encode("\xE1\x88\xB4", false), "%E1%88%B4");  // U+1234, byte by byte
}

TEST(UrlEncode, SlashKeptOnlyInPaths) {
  EXPECT_EQ(url_encode("dir/sub dir/file", true), "dir/sub%20dir/file");
  EXPECT_EQ(url_encode("dir/file", false), "dir%2Ffile");
}

TEST(UrlDecode, RoundTripsAndReadsFormEncoding) {
  const std::string raw = "odd key+%/ü\x01";
  EXPECT_EQ(url_decode(url_encode(raw, false)), raw);
  EXPECT_EQ(url_decode("a+b%2Bc", true), "a b+c");
  EXPECT_EQ(url_decode("a+b", false), "a+b");
}

TEST(UrlDecode, RejectsBrokenEscapes) {
  EXPECT_FALSE(url_decode("%"));
  EXPECT_FALSE(url_decode("%4"));
  EXPECT_FALSE(url_decode("%zz"));
  EXPECT_EQ(url_decode("%41"), "A");
}

}  // namespace
}  // namespace mb
