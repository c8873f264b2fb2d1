#include "meta/names.h"

#include <gtest/gtest.h>

namespace mb::meta {
namespace {

TEST(Names, AcceptsValidBackupNames) {
  for (const char* name : {"a", "_", "backup_2024_01_02", "B9", "_x_1"}) {
    EXPECT_TRUE(validate_backup_name(name)) << name;
  }
  EXPECT_TRUE(validate_backup_name(std::string(128, 'a')));
}

TEST(Names, RejectsInvalidBackupNamesWithGoMessages) {
  struct Case {
    std::string name;
    const char* message;
  };
  const Case cases[] = {
      {"", "backup name should not be empty"},
      {"a b", "backup name should not contain whitespace"},
      {"a\xC2\xA0" "b", "backup name should not contain whitespace"},  // NBSP is Unicode space
      {std::string(129, 'a'), "backup name length should not exceed 128"},
      {"1abc", "backup name should start with an underscore or letter"},
      {"\xC3\xA9t\xC3\xA9", "backup name should start with an underscore or letter"},
      {"ab-c", "backup name should only contain numbers, letters and underscores"},
      {"ab.c", "backup name should only contain numbers, letters and underscores"},
      {"a/../b", "backup name should only contain numbers, letters and underscores"},
  };
  for (const Case& c : cases) {
    auto status = validate_backup_name(c.name);
    ASSERT_FALSE(status) << c.name;
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(status.error().message, c.message) << c.name;
  }
  auto status = validate_backup_name("ab-c");
  EXPECT_EQ(status.error().get("character"), "'-'");
  EXPECT_EQ(status.error().get("byte"), "2");
}

TEST(Names, AutomaticNamesAreUtcWithUnpaddedNanoseconds) {
  using namespace std::chrono;
  const sys_time<nanoseconds> when = sys_days{year{2024} / 3 / 5} + hours{7} + minutes{8} + seconds{9} + nanoseconds{42};
  EXPECT_EQ(auto_backup_name(time_point_cast<system_clock::duration>(when)), "backup_2024_03_05_07_08_09_42");
  EXPECT_EQ(auto_restore_id(time_point_cast<system_clock::duration>(when)), "restore_2024_03_05_07_08_09_42");
  EXPECT_TRUE(validate_backup_name(auto_backup_name(system_clock::now())));
}

TEST(Names, AcceptsOrdinaryKeyParts) {
  for (const char* value : {"backup", "a/b/c", "a/b/", "x..y", "a/.hidden", "caf\xC3\xA9"}) {
    EXPECT_TRUE(validate_key_part(value, "backup root path")) << value;
  }
}

TEST(Names, RejectsKeyPartsThatCouldEscapeOrMangleAKey) {
  struct Case {
    std::string value;
    const char* message;
  };
  const Case cases[] = {
      {"", "root is empty"},
      {"/abs", "root must not start with '/'"},
      {"..", "root must not contain a \"..\" path segment (at byte 0)"},
      {"a/../b", "root must not contain a \"..\" path segment (at byte 2)"},
      {"a/..", "root must not contain a \"..\" path segment (at byte 2)"},
      {std::string("a\0b", 3), "root must not contain NUL (at byte 1)"},
      {"a\nb", "root must not contain control character U+000A (at byte 1)"},
      {"a\x7F", "root must not contain control character U+007F (at byte 1)"},
      {"ab\xC2\x85", "root must not contain control character U+0085 (at byte 2)"},
      {"a\xFF", "root must not contain invalid UTF-8 byte 0xFF (at byte 1)"},
  };
  for (const Case& c : cases) {
    auto status = validate_key_part(c.value, "root");
    ASSERT_FALSE(status) << c.value;
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(status.error().message, c.message);
  }
}

}  // namespace
}  // namespace mb::meta
