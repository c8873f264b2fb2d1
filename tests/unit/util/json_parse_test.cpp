#include "util/json_parse.h"

#include <gtest/gtest.h>

#include <string>

namespace mb {
namespace {

std::string nested_objects(size_t depth, std::string_view key = "a") {
  std::string text;
  for (size_t i = 0; i < depth; ++i) text += "{\"" + std::string(key) + "\":";
  text += "1";
  text.append(depth, '}');
  return text;
}

std::string nested_arrays(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

Error error_of(std::string_view text) {
  auto parsed = parse_json(text, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(parsed.has_value()) << text.substr(0, 80);
  return parsed ? Error{} : parsed.error();
}

TEST(JsonParseTest, BuildsTheSameValueAsNlohmann) {
  const std::string text =
      R"({"a":[1,-2,3.5,"x",true,null,{"b":{}}],"c":18446744073709551615,"d":-9223372036854775808,"e":"\u00e9"})";
  auto parsed = parse_json(text, ErrorCode::kCorrupt);
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  EXPECT_EQ(*parsed, nlohmann::json::parse(text));
  EXPECT_TRUE((*parsed)["c"].is_number_unsigned());
  auto ordered = parse_ordered_json(R"({"z":1,"a":2})", ErrorCode::kCorrupt);
  ASSERT_TRUE(ordered);
  EXPECT_EQ(ordered->dump(), R"({"z":1,"a":2})");
}

TEST(JsonParseTest, SixtyFourLevelsParseSixtyFiveDoNot) {
  EXPECT_TRUE(parse_json(nested_objects(64), ErrorCode::kCorrupt));
  EXPECT_TRUE(parse_json(nested_arrays(64), ErrorCode::kCorrupt));
  const Error deep = error_of(nested_objects(65));
  EXPECT_EQ(deep.code, ErrorCode::kInvalidArgument);
  EXPECT_NE(deep.message.find("nested deeper than 64 levels at a.a.a"), std::string::npos) << deep.message;
  EXPECT_NE(error_of(nested_arrays(65)).message.find("nested deeper than 64 levels at [0][0]"), std::string::npos);
}

TEST(JsonParseTest, HostileDepthsAreRefusedWithoutRecursion) {
  // The REST crash: 70,000 levels (420 KB) blew the stack when the parsed value was copied.
  for (const size_t depth : {1'000u, 10'000u, 70'000u, 1'000'000u}) {
    EXPECT_NE(error_of(nested_objects(depth)).message.find("nested deeper than 64 levels"), std::string::npos)
        << depth;
    EXPECT_NE(error_of(nested_arrays(depth)).message.find("nested deeper than 64 levels"), std::string::npos)
        << depth;
  }
  // Unclosed, too: the limit hits before the end of the text is read.
  EXPECT_NE(error_of(std::string(100'000, '[')).message.find("nested deeper"), std::string::npos);
}

TEST(JsonParseTest, WideDocumentsParse) {
  std::string wide = "[";
  for (int i = 0; i < 200'000; ++i) wide += (i ? ",{}" : "{}");
  wide += "]";
  auto parsed = parse_json(wide, ErrorCode::kCorrupt);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->size(), 200'000u);
}

TEST(JsonParseTest, NumbersOutOfRangeNameTheirField) {
  const Error huge = error_of(R"({"async":1e999999})");
  EXPECT_EQ(huge.message, "async: number 1e999999 is out of range");
  EXPECT_EQ(huge.get("field"), "async");
  EXPECT_EQ(error_of(R"({"a":{"b":[0,-1e400]}})").message, "a.b[1]: number -1e400 is out of range");
  EXPECT_EQ(error_of("[1e999]").message, "[0]: number 1e999 is out of range");
  EXPECT_EQ(error_of(R"({"maxShardNum":99999999999999999999999})").message,
            "maxShardNum: number 99999999999999999999999 is out of range");
  EXPECT_EQ(error_of("-99999999999999999999").message, "(root): number -99999999999999999999 is out of range");
  // Tiny numbers round to zero, as everywhere else.
  auto tiny = parse_json("[1e-999]", ErrorCode::kCorrupt);
  ASSERT_TRUE(tiny);
  EXPECT_EQ((*tiny)[0].get<double>(), 0.0);
}

TEST(JsonParseTest, SyntaxErrorsAndSizeLimit) {
  const Error bad = error_of(R"({"a":})");
  EXPECT_NE(bad.message.find("not valid JSON: parse error at line 1, column 6"), std::string::npos) << bad.message;
  EXPECT_EQ(bad.get("offset"), "6");
  EXPECT_NE(error_of("").message.find("not valid JSON"), std::string::npos);
  EXPECT_NE(error_of("{} {}").message.find("not valid JSON"), std::string::npos);
  auto big = parse_json("[1,2,3]", ErrorCode::kCorrupt, {.max_bytes = 4});
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(big.error().message.find("larger than the limit of 4 bytes"), std::string::npos);
}

}  // namespace
}  // namespace mb
