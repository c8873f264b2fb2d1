#include "config/value_text.h"

#include <gtest/gtest.h>

namespace mb::config {
namespace {

TEST(ParseGoBool, AcceptsExactlyStrconvSpellings) {
  for (const char* t : {"1", "t", "T", "TRUE", "true", "True"}) EXPECT_EQ(parse_go_bool(t), true) << t;
  for (const char* f : {"0", "f", "F", "FALSE", "false", "False"}) EXPECT_EQ(parse_go_bool(f), false) << f;
  for (const char* bad : {"yes", "no", "on", "tRUE", "", " true", "2"}) {
    EXPECT_EQ(parse_go_bool(bad), std::nullopt) << bad;
  }
}

TEST(ParseDecimalInt, DecimalWithOptionalSignOnly) {
  EXPECT_EQ(parse_decimal_int("19530"), 19530);
  EXPECT_EQ(parse_decimal_int("-7"), -7);
  EXPECT_EQ(parse_decimal_int("+7"), 7);
  EXPECT_EQ(parse_decimal_int("-9223372036854775808"), INT64_MIN);
  EXPECT_EQ(parse_decimal_int("9223372036854775807"), INT64_MAX);
  for (const char* bad : {"", "-", "0x10", "1.0", "1e3", " 1", "1 ", "abc", "9223372036854775808"}) {
    EXPECT_EQ(parse_decimal_int(bad), std::nullopt) << bad;
  }
}

TEST(ParseIntegralFloat, WholeNumbersOnly) {
  EXPECT_EQ(parse_integral_float("500.0"), 500);
  EXPECT_EQ(parse_integral_float("1e3"), 1000);
  EXPECT_EQ(parse_integral_float("+2.0"), 2);
  for (const char* bad : {"1.5", "1e-1", "inf", "nan", "1e30", "", "x"}) {
    EXPECT_EQ(parse_integral_float(bad), std::nullopt) << bad;
  }
}

TEST(SplitCommaList, TrimsAndDropsEmptyItems) {
  EXPECT_EQ(split_comma_list(" a:1 , b:2,,"), (std::vector<std::string>{"a:1", "b:2"}));
  EXPECT_EQ(split_comma_list(""), std::vector<std::string>{});
  EXPECT_EQ(split_comma_list("one"), std::vector<std::string>{"one"});
}

TEST(MaskSecret, GoRules) {
  EXPECT_EQ(mask_secret(""), "");
  EXPECT_EQ(mask_secret("abcd"), "****");
  EXPECT_EQ(mask_secret("abcde"), "ab****de");
  EXPECT_EQ(mask_secret("supersecret123"), "su****23");
}

}  // namespace
}  // namespace mb::config
