#include "meta/backup_manifest.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "util/crc32c.h"

namespace mb::meta {
namespace {

BackupManifest sample_manifest() {
  BackupManifest manifest;
  manifest.tool_version = "0.1.0";
  manifest.start_time_unix_ms = 1724300000123;
  manifest.end_time_unix_ms = 1724300100456;
  manifest.files = {{"binlogs/insert_log/1/2/3/3/100/4", 16000, 0xE3069283},
                    {"binlogs/delta_log/1/-1/5/6", 64, 0x0000000A}};
  manifest.meta_files = {{"meta/backup_meta.json", 5, 1}};
  return manifest;
}

TEST(BackupManifest, EncodesCompactJsonWithHexCrcSealedByItsOwnCrc) {
  const std::string body =
      R"({"format_version":1,"tool_version":"0.1.0","start_time_unix_ms":1724300000123,)"
      R"("end_time_unix_ms":1724300100456,"files":[{"key":"binlogs/insert_log/1/2/3/3/100/4","size":16000,)"
      R"("crc32c":"e3069283"},{"key":"binlogs/delta_log/1/-1/5/6","size":64,"crc32c":"0000000a"}],)"
      R"("meta_files":[{"key":"meta/backup_meta.json","size":5,"crc32c":"00000001"}])";
  EXPECT_EQ(encode_backup_manifest(sample_manifest()),
            body + R"(,"crc32c":")" + fmt::format("{:08x}", crc32c(body)) + R"("})");
}

TEST(BackupManifest, RoundTrips) {
  auto decoded = decode_backup_manifest(encode_backup_manifest(sample_manifest()), "meta/milvus_backup_cpp.json");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  auto expected = sample_manifest();
  expected.sealed = true;
  EXPECT_EQ(*decoded, expected);
}

TEST(BackupManifest, AnUnsealedManifestOfAnOlderVersionStillDecodes) {
  auto decoded = decode_backup_manifest(R"({"format_version":1,"files":[{"key":"a","size":1,"crc32c":"00000002"}]})",
                                        "m.json");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_FALSE(decoded->sealed);
  EXPECT_EQ(decoded->files.size(), 1u);
}

TEST(BackupManifest, EveryChangedByteBreaksTheSeal) {
  const std::string text = encode_backup_manifest(sample_manifest());
  for (size_t at = 0; at < text.size(); ++at) {
    std::string damaged = text;
    damaged[at] ^= 0x01;
    auto decoded = decode_backup_manifest(damaged, "m.json");
    ASSERT_FALSE(decoded) << "byte " << at << ": " << damaged;
    EXPECT_EQ(decoded.error().code, ErrorCode::kCorrupt);
  }
}

TEST(BackupManifest, MalformedEntriesNameFileAndPath) {
  auto bad_crc = decode_backup_manifest(R"({"files":[{"key":"a","size":1,"crc32c":"e306"}]})", "m.json");
  ASSERT_FALSE(bad_crc);
  EXPECT_EQ(bad_crc.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(bad_crc.error().get("path"), "files[0].crc32c");
  EXPECT_EQ(bad_crc.error().get("file"), "m.json");

  auto bad_size = decode_backup_manifest(R"({"files":[{"key":"a","size":"1","crc32c":"00000000"}]})", "m.json");
  ASSERT_FALSE(bad_size);
  EXPECT_EQ(bad_size.error().get("path"), "files[0].size");

  EXPECT_FALSE(decode_backup_manifest(R"({"files":{}})", "m.json"));
  EXPECT_FALSE(decode_backup_manifest(R"({"files":[)", "m.json"));
}

// Found by fuzzing: a number no double holds threw out of the decoder.
TEST(BackupManifest, NumberTooLargeForADoubleIsCorrupt) {
  auto decoded = decode_backup_manifest(R"({"format_version":1e999})", "m.json");
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(decoded.error().get("file"), "m.json");
}

TEST(BackupManifest, RefusesANewerFormat) {
  auto newer = decode_backup_manifest(R"({"format_version":2})", "m.json");
  ASSERT_FALSE(newer);
  EXPECT_EQ(newer.error().get("path"), "format_version");
}

}  // namespace
}  // namespace mb::meta
