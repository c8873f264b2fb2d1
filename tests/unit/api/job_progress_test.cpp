#include "api/job_progress.h"

#include <gtest/gtest.h>

namespace mb::api {
namespace {

TEST(BackupPercentTest, FollowsTheGoToolsSteps) {
  EXPECT_EQ(backup_percent({.phase = "prepare"}), 1);
  EXPECT_EQ(backup_percent({.phase = "meta"}), 5);
  EXPECT_EQ(backup_percent({.phase = "flush", .collections_done = 1, .collections_total = 2}), 9);  // 5 + .95*5
  EXPECT_EQ(backup_percent({.phase = "copy", .bytes_done = 0, .bytes_total = 100}), 19);           // 5 + .95*15
  EXPECT_EQ(backup_percent({.phase = "copy", .bytes_done = 100, .bytes_total = 100}), 99);
  EXPECT_EQ(backup_percent({.phase = "commit"}), 99);  // 100 only once committed
}

TEST(RestorePercentTest, IsAtLeastOneAndBelowHundred) {
  EXPECT_EQ(restore_percent({.phase = "copy"}), 1);
  EXPECT_EQ(restore_percent({.phase = "copy", .collections_done = 0, .collections_total = 2, .bytes_done = 50,
                             .bytes_total = 100}),
            25);
  EXPECT_EQ(restore_percent({.phase = "import", .collections_done = 2, .collections_total = 2, .bytes_done = 100,
                             .bytes_total = 100}),
            99);
}

TEST(VerifyPercentTest, CountsBackupsAndTheBytesReadOfTheCurrentOne) {
  EXPECT_EQ(verify_percent({.phase = "structure", .collections_total = 2}), 1);
  EXPECT_EQ(verify_percent({.phase = "read", .collections_done = 0, .collections_total = 2, .bytes_done = 50,
                            .bytes_total = 100}),
            25);
  EXPECT_EQ(verify_percent({.phase = "read", .collections_done = 2, .collections_total = 2, .bytes_done = 100,
                            .bytes_total = 100}),
            99);
  EXPECT_EQ(job_percent(JobKind::kVerify, {.phase = "structure", .collections_done = 1, .collections_total = 2}), 50);
}

}  // namespace
}  // namespace mb::api
