#include "meta/go_json_writer.h"

#include <gtest/gtest.h>

namespace mb::meta {
namespace {

std::string written_string(std::string_view text) {
  GoJsonWriter writer;
  writer.string(text);
  return writer.take();
}

TEST(GoJsonWriter, EscapesLikeGoWithHtmlEscaping) {
  EXPECT_EQ(written_string("a<b>&c"), R"("a\u003cb\u003e\u0026c")");
  EXPECT_EQ(written_string("q\"b\\s/"), R"("q\"b\\s/")");
  EXPECT_EQ(written_string("\b\f\n\r\t"), R"("\b\f\n\r\t")");
  EXPECT_EQ(written_string(std::string("\x00\x01\x1f", 3)), R"("\u0000\u0001\u001f")");
  EXPECT_EQ(written_string("\x7f"), "\"\x7f\"");
}

TEST(GoJsonWriter, KeepsValidUtf8AndEscapesLineSeparators) {
  EXPECT_EQ(written_string("\xC3\xA9\xE2\x9C\x93\xF0\x9F\x98\x80"), "\"\xC3\xA9\xE2\x9C\x93\xF0\x9F\x98\x80\"");
  EXPECT_EQ(written_string("\xE2\x80\xA8\xE2\x80\xA9"), R"("\u2028\u2029")");
}

TEST(GoJsonWriter, ReplacesEachInvalidUtf8ByteLikeGo) {
  // A lone continuation byte, an overlong '/', a surrogate and a truncated sequence.
  EXPECT_EQ(written_string("\x80"), R"("\ufffd")");
  EXPECT_EQ(written_string("\xC0\xAF"), R"("\ufffd\ufffd")");
  EXPECT_EQ(written_string("\xED\xA0\x80"), R"("\ufffd\ufffd\ufffd")");
  EXPECT_EQ(written_string("a\xE2\x9C"), R"("a\ufffd\ufffd")");
}

TEST(GoJsonWriter, WritesCompactNestedStructures) {
  GoJsonWriter writer;
  writer.begin_object();
  writer.key("a");
  writer.begin_array();
  writer.integer(-1);
  writer.unsigned_integer(18446744073709551615ULL);
  writer.boolean(false);
  writer.begin_object();
  writer.end_object();
  writer.end_array();
  writer.key("b");
  writer.string("");
  writer.end_object();
  EXPECT_EQ(writer.take(), R"({"a":[-1,18446744073709551615,false,{}],"b":""})");
  EXPECT_EQ(writer.take(), "");
}

}  // namespace
}  // namespace mb::meta
