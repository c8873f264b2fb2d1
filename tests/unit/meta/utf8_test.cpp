#include "meta/utf8.h"

#include <gtest/gtest.h>

namespace mb::meta {
namespace {

TEST(Utf8, DecodesEachLength) {
  EXPECT_EQ(decode_utf8("a", 0).rune, U'a');
  const std::string text = "\xC3\xA9\xE2\x9C\x93\xF0\x9F\x98\x80";
  DecodedRune r = decode_utf8(text, 0);
  EXPECT_TRUE(r.valid);
  EXPECT_EQ(r.rune, U'\u00E9');
  EXPECT_EQ(r.size, 2u);
  r = decode_utf8(text, 2);
  EXPECT_EQ(r.rune, U'\u2713');
  EXPECT_EQ(r.size, 3u);
  r = decode_utf8(text, 5);
  EXPECT_EQ(r.rune, U'\U0001F600');
  EXPECT_EQ(r.size, 4u);
}

TEST(Utf8, RejectsWhatGoRejectsOneByteAtATime) {
  for (const std::string bad : {"\x80", "\xC1\xBF", "\xE0\x80\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xF5", "\xE2\x9C"}) {
    const DecodedRune r = decode_utf8(bad, 0);
    EXPECT_FALSE(r.valid) << bad;
    EXPECT_EQ(r.size, 1u) << bad;
  }
}

}  // namespace
}  // namespace mb::meta
