#include "verify/backup_verifier.h"

#include <gtest/gtest.h>

#include <set>

#include "verify/data_check.h"
#include "verify_fixture.h"

namespace mb::verify {
namespace {

VerifyReport run_verify(BackupFixture& backup, bool read_data) {
  auto report = verify_backups(backup.store(), BackupFixture::kRoot,
                               VerifyOptions{.names = {BackupFixture::kName}, .read_data = read_data});
  EXPECT_TRUE(report) << report.error().to_string();
  return report ? *report : VerifyReport{};
}

// The single problem verify found, and that it names `key` with `kind`.
void expect_damage(const VerifyReport& report, const std::string& key, std::string_view kind) {
  ASSERT_EQ(report.backups.size(), 1u);
  EXPECT_EQ(report.exit_code(), 1);
  const auto& problems = report.backups[0].problems;
  ASSERT_FALSE(problems.empty()) << "nothing found at " << key;
  bool named = false;
  for (const auto& p : problems) named |= p.key == key && p.kind == kind;
  EXPECT_TRUE(named) << "expected " << kind << " " << key << ", first found: " << problems[0].to_string();
  EXPECT_EQ(problems[0].backup, BackupFixture::kName);
}

TEST(VerifyBackup, AWholeBackupPasses) {
  BackupFixture backup;
  const auto report = run_verify(backup, true);
  ASSERT_EQ(report.backups.size(), 1u);
  const auto& verdict = report.backups[0];
  EXPECT_TRUE(verdict.problems.empty()) << verdict.problems[0].to_string();
  EXPECT_TRUE(verdict.unaccounted.empty());
  EXPECT_TRUE(verdict.unchecked.empty()) << verdict.unchecked[0];
  EXPECT_EQ(verdict.files_read, 10u);  // 2 segments x (4 insert + 1 delta)
  EXPECT_EQ(verdict.files_checked, 16u);  // the 10 binlogs, the five meta files and the manifest
  EXPECT_EQ(report.exit_code(), 0);
}

TEST(VerifyBackup, AFlippedByteInABinlogIsFoundByReadingTheData) {
  for (const auto& key : {BackupFixture::insert_key(3, 101), BackupFixture::delta_key(4)}) {
    BackupFixture backup;
    backup.flip(key, 7);
    EXPECT_EQ(run_verify(backup, false).exit_code(), 0) << "the structure is whole";
    const auto report = run_verify(backup, true);
    expect_damage(report, key, kChecksum);
    EXPECT_EQ(report.backups[0].problems[0].collection, "default.books");
  }
}

TEST(VerifyBackup, AFlippedByteAnywhereInTheMetaIsFoundWithoutReadingTheData) {
  for (const char* file : {"backup_meta.json", "collection_meta.json", "partition_meta.json", "segment_meta.json",
                           "full_meta.json"}) {
    const std::string key = std::string("meta/") + file;
    const size_t size = BackupFixture().get(key).size();
    for (size_t at = 0; at < size; at += 1 + size / 40) {
      BackupFixture backup;
      backup.flip(key, at);
      expect_damage(run_verify(backup, false), key, kChecksum);
    }
  }
}

TEST(VerifyBackup, EveryFlippedByteOfTheManifestIsFound) {
  const std::string key = "meta/milvus_backup_cpp.json";
  const size_t size = BackupFixture().get(key).size();
  for (size_t at = 0; at < size; ++at) {
    BackupFixture backup;
    backup.flip(key, at);
    const auto report = run_verify(backup, false);
    ASSERT_EQ(report.exit_code(), 1) << "flip at " << at << " of " << backup.get(key);
  }
}

TEST(VerifyBackup, TruncatedDeletedAndMissingMetaFilesAreFoundStructurally) {
  {
    BackupFixture backup;
    const auto key = BackupFixture::insert_key(4, 100);
    backup.set(key, backup.get(key).substr(0, 10));
    expect_damage(run_verify(backup, false), key, kWrongSize);
  }
  {
    BackupFixture backup;
    const auto key = BackupFixture::insert_key(3, 0);
    backup.remove(key);
    expect_damage(run_verify(backup, false), key, kMissing);
  }
  {
    BackupFixture backup;
    backup.remove("meta/full_meta.json");
    expect_damage(run_verify(backup, false), "meta/full_meta.json", kMissing);
  }
}

TEST(VerifyBackup, ASegmentWithoutAFieldOrWithMisalignedBinlogsIsDamaged) {
  {
    BackupFixture backup;
    auto& segment = backup.mutable_info().collection_backups[0].partition_backups[0].segment_backups[0];
    std::erase_if(segment.binlogs, [](const meta::FieldBinlog& f) { return f.field_id == 101; });
    backup.write_meta(true);
    expect_damage(run_verify(backup, false), "binlogs/insert_log/1/2/3/3/", kMissingField);
  }
  {
    BackupFixture backup;
    auto& segment = backup.mutable_info().collection_backups[0].partition_backups[0].segment_backups[1];
    segment.binlogs[2].binlogs.push_back(segment.binlogs[2].binlogs[0]);
    backup.write_meta(true);
    expect_damage(run_verify(backup, false), "binlogs/insert_log/1/2/4/4/", kMisaligned);
  }
}

TEST(VerifyBackup, SizesThatDoNotAddUpAreDamage) {
  BackupFixture backup;
  backup.mutable_info().collection_backups[0].partition_backups[0].size += 1;
  backup.write_meta(true);
  expect_damage(run_verify(backup, false), "meta/full_meta.json", kSizesDisagree);
}

TEST(VerifyBackup, LevelFilesThatDisagreeWithFullMetaAreDamage) {
  BackupFixture backup;
  auto changed = backup.info();
  changed.collection_backups[0].partition_backups[0].segment_backups[0].num_of_rows = 11;
  for (const auto& [file, content] : meta::encode_meta_files(changed)) {
    if (file == "segment_meta.json") backup.set("meta/segment_meta.json", content);
  }
  // Resealed, so that only the disagreement is left to find.
  auto text = backup.get("meta/milvus_backup_cpp.json");
  auto decoded = meta::decode_backup_manifest(text, "m");
  ASSERT_TRUE(decoded);
  for (auto& f : decoded->meta_files) {
    if (f.key == "meta/segment_meta.json") {
      f.size = static_cast<int64_t>(backup.get(f.key).size());
      f.crc32c = crc32c(backup.get(f.key));
    }
  }
  backup.set("meta/milvus_backup_cpp.json", meta::encode_backup_manifest(*decoded));
  expect_damage(run_verify(backup, false), "meta/segment_meta.json", kMetaDisagrees);
}

TEST(VerifyBackup, AStrayObjectIsReportedNotDamage) {
  BackupFixture backup;
  backup.set("binlogs/insert_log/1/2/3/3/100/777", "stray");
  const auto report = run_verify(backup, false);
  EXPECT_EQ(report.exit_code(), 0);
  EXPECT_EQ(report.backups[0].unaccounted, std::vector<std::string>{"binlogs/insert_log/1/2/3/3/100/777"});
}

TEST(VerifyBackup, AManifestFileTheMetaDoesNotNameIsDamage) {
  BackupFixture backup;
  backup.set("binlogs/insert_log/1/2/3/3/100/777", "stray");
  backup.write_meta(true);  // the manifest now lists the stray file
  expect_damage(run_verify(backup, false), "binlogs/insert_log/1/2/3/3/100/777", kNotInMeta);
}

TEST(VerifyBackup, AGoBackupWithDirectoryEntriesVerifiesAndSaysWhatItCouldNotCheck) {
  BackupFixture backup(/*with_manifest=*/false);
  // v0.4 on local storage: each field's "binlog" is its directory, log_size 4096.
  for (auto& segment : backup.mutable_info().collection_backups[0].partition_backups[0].segment_backups) {
    segment.size = 0;
    for (auto& field : segment.binlogs) {
      auto& binlog = field.binlogs[0];
      binlog.log_path = binlog.log_path.substr(0, binlog.log_path.rfind('/'));
      binlog.log_size = 4096;
      binlog.log_id = field.field_id;
      segment.size += 4096;
    }
    segment.size += segment.deltalogs[0].binlogs[0].log_size;
  }
  auto& partition = backup.mutable_info().collection_backups[0].partition_backups[0];
  partition.size = partition.segment_backups[0].size + partition.segment_backups[1].size;
  backup.mutable_info().collection_backups[0].size = partition.size;
  backup.mutable_info().size = partition.size;
  backup.write_meta(false);
  auto report = run_verify(backup, true);
  ASSERT_EQ(report.exit_code(), 0) << report.backups[0].problems[0].to_string();
  const auto& unchecked = report.backups[0].unchecked;
  ASSERT_EQ(unchecked.size(), 3u);
  EXPECT_NE(unchecked[0].find("no meta/milvus_backup_cpp.json"), std::string::npos);
  EXPECT_NE(unchecked[1].find("8 binlog entries that the meta lists as directories"), std::string::npos) << unchecked[1];
  EXPECT_NE(unchecked[2].find("--read-data"), std::string::npos);
  EXPECT_TRUE(report.backups[0].unaccounted.empty());

  // A directory entry with nothing under it is damage.
  for (const auto& [key, data] : backup.store().objects()) {
    if (key.starts_with(backup.dir + "binlogs/insert_log/1/2/4/4/101/")) (void)backup.store().remove(key);
  }
  expect_damage(run_verify(backup, false), "binlogs/insert_log/1/2/4/4/101/", kMissing);
}

TEST(VerifyBackup, EveryBackupWhenNoneIsNamedAndAMissingOneCouldNotBeChecked) {
  BackupFixture backup;
  auto all = verify_backups(backup.store(), BackupFixture::kRoot, VerifyOptions{});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->backups.size(), 1u);
  EXPECT_EQ(all->backups[0].backup, "b1");
  auto missing = verify_backups(backup.store(), BackupFixture::kRoot, VerifyOptions{.names = {"nope"}});
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->exit_code(), 2);
  EXPECT_NE(missing->backups[0].error.find("not found"), std::string::npos);
}

TEST(VerifyBackup, RestoreGateNamesBackupCollectionAndKey) {
  BackupFixture backup;
  const auto key = BackupFixture::insert_key(3, 1);
  backup.remove(key);
  auto checked = require_intact_structure(backup.store(), backup.dir, BackupFixture::kName, {1});
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(checked.error().get("backup"), "b1");
  EXPECT_EQ(checked.error().get("collection"), "default.books");
  EXPECT_EQ(checked.error().get("key"), backup.dir + key);
  // Another collection's damage does not stop a restore of this one.
  EXPECT_TRUE(require_intact_structure(backup.store(), backup.dir, BackupFixture::kName, {99}));
}

TEST(VerifyBackup, StagedFilesAreComparedWithTheManifest) {
  BackupFixture backup;
  auto recorded = require_intact_structure(backup.store(), backup.dir, BackupFixture::kName, {1});
  ASSERT_TRUE(recorded) << recorded.error().to_string();
  ASSERT_EQ(recorded->size(), 10u);
  const auto key = BackupFixture::insert_key(3, 100);
  const uint32_t good = recorded->at(key).crc32c;
  const DataCheckOptions options{.concurrency = 2};
  // A streamed copy's checksum.
  EXPECT_TRUE(require_recorded_checksums(backup.store(), "b1", backup.dir, {{.backup_key = key, .staged_key = "x", .crc32c = good}},
                                         *recorded, options, nullptr));
  auto bad = require_recorded_checksums(backup.store(), "b1", backup.dir, {{.backup_key = key, .staged_key = "x", .crc32c = good + 1}},
                                        *recorded, options, nullptr);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().get("key"), backup.dir + key);
  // No checksum (server-side copy, in place): read back from the staged key.
  backup.store().set("staged/k", backup.get(key));
  EXPECT_TRUE(require_recorded_checksums(backup.store(), "b1", backup.dir, {{.backup_key = key, .staged_key = "staged/k"}},
                                         *recorded, options, nullptr));
  std::string damaged = backup.get(key);
  damaged[3] ^= 0x10;
  backup.store().set("staged/k", damaged);
  auto read_back = require_recorded_checksums(backup.store(), "b1", backup.dir, {{.backup_key = key, .staged_key = "staged/k"}},
                                              *recorded, options, nullptr);
  ASSERT_FALSE(read_back);
  EXPECT_EQ(read_back.error().get("key"), backup.dir + key);
  EXPECT_EQ(read_back.error().get("collection"), "default.books");
}

TEST(VerifySubset, ParsesResticsForms) {
  EXPECT_EQ(parse_subset("2/5")->to_string(), "2/5");
  EXPECT_EQ(parse_subset("10%")->to_string(), "10%");
  EXPECT_EQ(parse_subset("")->kind, Subset::Kind::kAll);
  for (const char* bad : {"0/3", "4/3", "3/", "/3", "x", "0%", "150%", "-5%", "1/0"}) {
    auto parsed = parse_subset(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(VerifySubset, SlicesCoverEveryFileOnceAndPercentTakesItsShare) {
  std::vector<DataFile> files;
  for (int i = 0; i < 200; ++i) files.push_back({.key = "k" + std::to_string(i)});
  std::multiset<std::string> seen;
  for (uint32_t n = 1; n <= 3; ++n) {
    const auto slice = select_subset(files, *parse_subset(std::to_string(n) + "/3"));
    EXPECT_GT(slice.size(), 30u);
    for (const auto& f : slice) seen.insert(f.key);
  }
  EXPECT_EQ(seen.size(), files.size());
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), files.size());
  EXPECT_EQ(select_subset(files, *parse_subset("10%")).size(), 20u);
  EXPECT_EQ(select_subset(files, *parse_subset("0.1%")).size(), 1u);
}

}  // namespace
}  // namespace mb::verify
