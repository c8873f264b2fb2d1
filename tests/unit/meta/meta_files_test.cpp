#include "meta/meta_files.h"

#include <gtest/gtest.h>

#include "util/crc32c.h"

#include <filesystem>
#include <map>
#include <set>

#include "meta/meta_json.h"
#include "meta_test_data.h"

namespace mb::meta {
namespace {

using testing::read_test_file;

// The meta/ files of one sample backup under tests/data/meta/, minus the ones a test hides.
MetaFileLookup sample_lookup(const std::string& backup, std::set<std::string> hidden = {},
                             std::vector<std::string>* asked = nullptr) {
  return [=](std::string_view file_name) -> Result<std::optional<std::string>> {
    if (asked) asked->emplace_back(file_name);
    const std::string relative = backup + "/meta/" + std::string(file_name);
    if (hidden.contains(std::string(file_name)) ||
        !std::filesystem::exists(std::string(MB_TEST_DATA_DIR) + "/meta/" + relative)) {
      return std::optional<std::string>();
    }
    return std::optional<std::string>(read_test_file(relative));
  };
}

MetaFileLookup map_lookup(std::map<std::string, std::string> files) {
  return [files = std::move(files)](std::string_view file_name) -> Result<std::optional<std::string>> {
    const auto it = files.find(std::string(file_name));
    if (it == files.end()) return std::optional<std::string>();
    return std::optional<std::string>(it->second);
  };
}

TEST(MetaFiles, WritesTheFiveFilesLikeGoHeadInGoOrder) {
  auto info = decode_meta_files(sample_lookup("head"));
  ASSERT_TRUE(info) << info.error().to_string();
  const auto files = encode_meta_files(*info);
  const std::vector<std::string> order = {"backup_meta.json", "collection_meta.json", "partition_meta.json",
                                          "segment_meta.json", "full_meta.json"};
  ASSERT_EQ(files.size(), order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    EXPECT_EQ(files[i].first, order[i]);
    EXPECT_EQ(files[i].second, read_test_file("head/meta/" + order[i])) << order[i];
  }
}

TEST(MetaFiles, PrefersFullMeta) {
  std::vector<std::string> asked;
  auto info = decode_meta_files(sample_lookup("head", {}, &asked));
  ASSERT_TRUE(info);
  EXPECT_EQ(asked, std::vector<std::string>{"full_meta.json"});
  ASSERT_EQ(info->collection_backups.size(), 2u);
  const CollectionBackupInfo& hello = info->collection_backups[0];
  EXPECT_EQ(hello.collection_name, "hello_milvus");
  EXPECT_EQ(hello.backup_timestamp, 452000000000001000ULL);
  ASSERT_EQ(hello.l0_segments.size(), 1u);
  EXPECT_EQ(hello.l0_segments[0].partition_id, kAllPartitionsId);
  EXPECT_EQ(hello.size, 120160);  // the builder's size counts the collection-level L0 segment too
}

TEST(MetaFiles, WithoutFullMetaReassemblesTheLevelFilesLikeGo) {
  auto full = decode_meta_files(sample_lookup("head"));
  auto level = decode_meta_files(sample_lookup("head", {"full_meta.json"}));
  ASSERT_TRUE(full);
  ASSERT_TRUE(level) << level.error().to_string();
  ASSERT_EQ(level->collection_backups.size(), 2u);
  const CollectionBackupInfo& hello = level->collection_backups[0];
  // HEAD keeps collection-level L0 segments only in full_meta.json, and sizes become segment sums.
  EXPECT_TRUE(hello.l0_segments.empty());
  EXPECT_EQ(hello.size, 120040);
  EXPECT_EQ(level->size, 120040);
  EXPECT_EQ(hello.partition_backups, full->collection_backups[0].partition_backups);
  EXPECT_EQ(level->collection_backups[1], full->collection_backups[1]);
  EXPECT_EQ(level->database_backups.size(), 0u);  // not in backup_meta.json at HEAD
}

TEST(MetaFiles, ReadsV0415FullMeta) {
  auto info = decode_meta_files(sample_lookup("v0_4_15"));
  ASSERT_TRUE(info) << info.error().to_string();
  EXPECT_EQ(info->state_code, BackupTaskStateCode::kSuccess);
  EXPECT_EQ(info->milvus_version, "v2.3.9");
  ASSERT_EQ(info->collection_backups.size(), 1u);
  const CollectionBackupInfo& collection = info->collection_backups[0];
  EXPECT_EQ(collection.schema->fields[2].data_type, DataType::kJson);
  ASSERT_EQ(collection.partition_backups.size(), 1u);
  const auto& segments = collection.partition_backups[0].segment_backups;
  ASSERT_EQ(segments.size(), 2u);

  const SegmentBackupInfo& with_deletes = segments[0];
  EXPECT_EQ(with_deletes.group_id, with_deletes.segment_id);
  EXPECT_TRUE(with_deletes.backuped);
  EXPECT_EQ(with_deletes.binlogs[2].field_id, 100);
  EXPECT_EQ(with_deletes.binlogs[2].binlogs[0].log_id, 445500000000001203);  // from log_path
  ASSERT_EQ(with_deletes.deltalogs.size(), 2u);  // one FieldBinlog per delta file...
  EXPECT_EQ(with_deletes.deltalogs[1].field_id, 445500000000000902);  // ...keyed by its log id
  EXPECT_EQ(with_deletes.deltalogs[1].binlogs[0].log_id, 445500000000000902);

  ASSERT_EQ(segments[1].deltalogs.size(), 1u);
  EXPECT_EQ(segments[1].deltalogs[0], FieldBinlog{});  // the `{}` entry of a segment without deletes
}

TEST(MetaFiles, V0415LevelFilesGiveTheSameTreeAsItsFullMeta) {
  auto full = decode_meta_files(sample_lookup("v0_4_15"));
  auto level = decode_meta_files(sample_lookup("v0_4_15", {"full_meta.json"}));
  ASSERT_TRUE(full);
  ASSERT_TRUE(level) << level.error().to_string();
  EXPECT_EQ(*level, *full);
}

TEST(MetaFiles, ReadsALevelFilesOnlyBackup) {
  auto info = decode_meta_files(sample_lookup("legacy_level_only"));
  ASSERT_TRUE(info) << info.error().to_string();
  EXPECT_EQ(info->name, "legacy_backup");
  ASSERT_EQ(info->collection_backups.size(), 2u);
  const CollectionBackupInfo& a = info->collection_backups[0];
  ASSERT_EQ(a.partition_backups.size(), 3u);
  EXPECT_EQ(a.partition_backups[0].segment_backups.size(), 2u);
  EXPECT_TRUE(a.partition_backups[1].segment_backups.empty());
  EXPECT_EQ(a.partition_backups[1].size, 0);
  EXPECT_EQ(a.partition_backups[2].segment_backups.size(), 1u);
  EXPECT_EQ(a.size, a.partition_backups[0].size + a.partition_backups[2].size);
  EXPECT_EQ(info->size, a.size + info->collection_backups[1].size);
  EXPECT_EQ(a.partition_backups[0].segment_backups[0].group_id, 0);
}

TEST(MetaFiles, GroupsSegmentsByCollectionAndPartitionWhateverTheirOrder) {
  auto info = decode_meta_files(map_lookup({
      {"backup_meta.json", R"({"name":"b","size":999})"},
      {"collection_meta.json", R"({"infos":[{"collection_id":1},{"collection_id":2}]})"},
      {"partition_meta.json",
       R"({"infos":[{"partition_id":10,"collection_id":1,"size":999},{"partition_id":20,"collection_id":2},)"
       R"({"partition_id":11,"collection_id":1},{"partition_id":30,"collection_id":3}]})"},
      {"segment_meta.json",
       R"({"infos":[{"segment_id":3,"collection_id":2,"partition_id":20,"size":5},)"
       R"({"segment_id":1,"collection_id":1,"partition_id":10,"size":1},)"
       R"({"segment_id":4,"collection_id":1,"partition_id":11,"size":7},)"
       R"({"segment_id":2,"collection_id":1,"partition_id":10,"size":2},)"
       R"({"segment_id":9,"collection_id":1,"partition_id":99,"size":100}]})"},
  }));
  ASSERT_TRUE(info) << info.error().to_string();
  ASSERT_EQ(info->collection_backups.size(), 2u);
  const auto& c1 = info->collection_backups[0];
  ASSERT_EQ(c1.partition_backups.size(), 2u);
  ASSERT_EQ(c1.partition_backups[0].segment_backups.size(), 2u);
  EXPECT_EQ(c1.partition_backups[0].segment_backups[0].segment_id, 1);
  EXPECT_EQ(c1.partition_backups[0].segment_backups[1].segment_id, 2);
  EXPECT_EQ(c1.partition_backups[0].size, 3);
  EXPECT_EQ(c1.partition_backups[1].size, 7);
  EXPECT_EQ(c1.size, 10);
  EXPECT_EQ(info->collection_backups[1].size, 5);
  EXPECT_EQ(info->size, 15);  // segments of unknown partitions and collections drop out
}

TEST(MetaFiles, IncompleteBackupIsCorrupt) {
  auto info = decode_meta_files(map_lookup({{"backup_meta.json", R"({"name":"b"})"}}));
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(info.error().message.find("backup is incomplete: no meta/full_meta.json"), std::string::npos);
  EXPECT_EQ(info.error().get("missing"), "meta/collection_meta.json, meta/partition_meta.json, meta/segment_meta.json");
}

TEST(MetaFiles, NoMetaAtAllIsNotFound) {
  auto info = decode_meta_files(map_lookup({}));
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, ErrorCode::kNotFound);
  EXPECT_NE(info.error().message.find("meta/full_meta.json"), std::string::npos);
}

TEST(MetaFiles, RejectsSnapshotBackups) {
  auto from_full = decode_meta_files(map_lookup({{"full_meta.json", read_test_file("every_field.json")}}));
  ASSERT_FALSE(from_full);
  EXPECT_EQ(from_full.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(from_full.error().message.find("Milvus 3.0 snapshot backup"), std::string::npos);

  // A snapshot backup has no partition or segment files; that is not what the error should say.
  auto from_levels = decode_meta_files(map_lookup({{"backup_meta.json", R"({"name":"s","format":"snapshot"})"},
                                                   {"collection_meta.json", "{}"}}));
  ASSERT_FALSE(from_levels);
  EXPECT_EQ(from_levels.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(from_levels.error().get("format"), "snapshot");
}

TEST(MetaFiles, RejectsUnknownFormats) {
  auto info = decode_meta_files(map_lookup({{"full_meta.json", R"({"format":"parquet"})"}}));
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, ErrorCode::kCorrupt);
}

TEST(MetaFiles, MalformedLevelFileErrorNamesIt) {
  auto info = decode_meta_files(map_lookup({{"backup_meta.json", "{}"},
                                            {"collection_meta.json", "{}"},
                                            {"partition_meta.json", "{}"},
                                            {"segment_meta.json", R"({"infos":[{"is_l0":"yes"}]})"}}));
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().get("file"), "meta/segment_meta.json");
  EXPECT_EQ(info.error().get("path"), "infos[0].is_l0");
}

TEST(MetaFiles, PassesLookupErrorsOn) {
  auto info = decode_meta_files([](std::string_view) -> Result<std::optional<std::string>> {
    return fail(ErrorCode::kUnavailable, "store down");
  });
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, ErrorCode::kUnavailable);
}

// First, so level files without a manifest are Go-made; full_meta.json still last.
TEST(MetaFiles, ManifestGoesFirstAndFullMetaLast) {
  BackupManifest manifest;
  manifest.tool_version = "0.1.0";
  const auto files = encode_meta_files(BackupInfo{}, manifest);
  ASSERT_EQ(files.size(), 6u);
  EXPECT_EQ(files[0].first, kBackupManifestFile);
  EXPECT_EQ(files[1].first, kBackupMetaFile);
  EXPECT_EQ(files[5].first, kFullMetaFile);
  // It records the size and CRC32C of the five other files, full_meta.json written after it included.
  auto decoded = decode_backup_manifest(files[0].second, "m");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_TRUE(decoded->sealed);
  ASSERT_EQ(decoded->meta_files.size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    const size_t file = i + 1;
    EXPECT_EQ(decoded->meta_files[i].key, "meta/" + files[file].first);
    EXPECT_EQ(decoded->meta_files[i].size, static_cast<int64_t>(files[file].second.size()));
    EXPECT_EQ(decoded->meta_files[i].crc32c, crc32c(files[file].second));
  }
}

TEST(MetaFiles, SnapshotFormatHasNoPartitionOrSegmentFiles) {
  BackupInfo info;
  info.format = kFormatSnapshot;
  const auto files = encode_meta_files(info);
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].first, kBackupMetaFile);
  EXPECT_EQ(files[1].first, kCollectionMetaFile);
  EXPECT_EQ(files[2].first, kFullMetaFile);
}

TEST(MetaFiles, BackupMetaCarriesV04sTaskFields) {
  BackupInfo info;
  info.id = "x";
  info.name = "b";
  info.state_code = BackupTaskStateCode::kSuccess;
  info.start_time = 1796352533188;
  info.end_time = 1796352533617;
  info.progress = 100;
  EXPECT_EQ(encode_meta_files(info)[0].second,
            R"({"id":"x","state_code":2,"start_time":1796352533188,"end_time":1796352533617,"progress":100,)"
            R"("name":"b","size":0})");
}

TEST(MetaFiles, BackupMetaHoldsOnlyTheScalars) {
  BackupInfo info = testing::every_field_backup();
  const auto files = encode_meta_files(info);
  EXPECT_EQ(files[0].second,
            R"({"id":"0b7e2f51-93c4-4d1e-a6f0-3d2c1b0a9f88","state_code":2,"name":"every_field_backup",)"
            R"("backup_timestamp":449734128462315521,"size":9223372036854775807,"milvus_version":"v2.6.3",)"
            R"("format":"snapshot"})");
}

}  // namespace
}  // namespace mb::meta
