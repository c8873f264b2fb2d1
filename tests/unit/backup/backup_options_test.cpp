#include "backup/backup_options.h"

#include <gtest/gtest.h>

namespace mb::backup {
namespace {

TEST(BackupOptionsTest, ParsesTheGoToolsStrategies) {
  EXPECT_EQ(parse_strategy("").value(), Strategy::kAuto);
  EXPECT_EQ(parse_strategy("meta_only").value(), Strategy::kMetaOnly);
  EXPECT_EQ(parse_strategy("skip_flush").value(), Strategy::kSkipFlush);
  EXPECT_EQ(parse_strategy("bulk_flush").value(), Strategy::kBulkFlush);
  EXPECT_EQ(parse_strategy("serial_flush").value(), Strategy::kSerialFlush);
}

TEST(BackupOptionsTest, RejectsUnknownStrategiesNamingTheChoices) {
  auto bad = parse_strategy("fast");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().message, "invalid strategy fast, only support meta_only,skip_flush,bulk_flush,serial_flush");

  auto snapshot = parse_strategy("snapshot");
  ASSERT_FALSE(snapshot);
  EXPECT_NE(snapshot.error().message.find("use --format=snapshot"), std::string::npos);
}

TEST(BackupOptionsTest, ParsesFormats) {
  EXPECT_EQ(parse_format("").value(), Format::kAuto);
  EXPECT_EQ(parse_format("auto").value(), Format::kAuto);
  EXPECT_EQ(parse_format("binlog").value(), Format::kBinlog);
  EXPECT_EQ(parse_format("snapshot").value(), Format::kSnapshot);
  auto bad = parse_format("parquet");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "invalid format parquet, only support auto,binlog,snapshot");
}

}  // namespace
}  // namespace mb::backup
