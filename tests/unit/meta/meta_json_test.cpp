#include "meta/meta_json.h"

#include <gtest/gtest.h>

#include "meta_test_data.h"

namespace mb::meta {
namespace {

using testing::every_field_backup;
using testing::read_test_file;

TEST(MetaJson, EncodesEveryFieldByteForByteLikeGo) {
  EXPECT_EQ(encode_backup_info(every_field_backup()), read_test_file("every_field.json"));
}

TEST(MetaJson, DecodesGoMadeEveryFieldSample) {
  auto decoded = decode_backup_info(read_test_file("every_field.json"), "every_field.json");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, every_field_backup());
}

TEST(MetaJson, RoundTripsEveryField) {
  const BackupInfo original = every_field_backup();
  auto decoded = decode_backup_info(encode_backup_info(original), "x");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, original);
}

TEST(MetaJson, EmptyBackupWritesOnlyTheAlwaysEmittedKeys) {
  EXPECT_EQ(encode_backup_info(BackupInfo{}), R"({"state_code":0,"size":0})");
}

TEST(MetaJson, ZeroValuesAreOmittedButSizeHasIndexAndLogSizeAreNot) {
  CollectionBackupInfo collection;
  collection.partition_backups.push_back({});
  collection.partition_backups[0].segment_backups.push_back({});
  collection.partition_backups[0].segment_backups[0].binlogs = {{0, {Binlog{}}}};
  EXPECT_EQ(encode_collection_level(std::vector{collection}),
            R"({"infos":[{"partition_backups":[{"segment_backups":[{"binlogs":[{"binlogs":[{"log_size":0}]}],)"
            R"("size":0}],"size":0}],"size":0,"has_index":false}]})");
}

TEST(MetaJson, EmptyLevelFileIsAnEmptyObject) {
  EXPECT_EQ(encode_segment_level({}), "{}");
}

TEST(MetaJson, UsesProtoFieldNamesAndBareEnumNumbers) {
  BackupInfo info;
  CollectionBackupInfo collection;
  collection.consistency_level = ConsistencyLevel::kEventually;
  CollectionSchema schema;
  schema.auto_id = true;
  FieldSchema field;
  field.field_id = 101;
  field.data_type = DataType::kFloatVector;
  field.auto_id = true;
  schema.fields = {field};
  collection.schema = schema;
  info.collection_backups = {collection};
  EXPECT_EQ(encode_backup_info(info),
            R"({"state_code":0,"collection_backups":[{"schema":{"autoID":true,"fields":[{"fieldID":101,"data_type":101,)"
            R"("autoID":true}]},"consistency_level":3,"size":0,"has_index":false}],"size":0})");
}

TEST(MetaJson, SetButEmptyMessageIsWrittenAsEmptyObject) {
  CollectionBackupInfo collection;
  collection.schema = CollectionSchema{};
  EXPECT_EQ(encode_collection_level(std::vector{collection}), R"({"infos":[{"schema":{},"size":0,"has_index":false}]})");
}

TEST(MetaJson, SixtyFourBitTimestampsAreExact) {
  CollectionBackupInfo collection;
  collection.backup_timestamp = 449734128462315521ULL;
  collection.created_timestamp = 18446744073709551615ULL;
  collection.collection_id = -9223372036854775807 - 1;
  const std::string text = encode_collection_level(std::vector{collection});
  EXPECT_EQ(text, R"({"infos":[{"collection_id":-9223372036854775808,"backup_timestamp":449734128462315521,)"
                  R"("size":0,"has_index":false,"created_timestamp":18446744073709551615}]})");
  auto decoded = decode_collection_level(text, "x");
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->at(0), collection);
}

TEST(MetaJson, DefaultValueIsWrittenAsBase64NeverAsDefaultValue) {
  CollectionSchema schema;
  FieldSchema field;
  field.default_value = std::string("\x18\x07", 2);  // ValueField{long_data: 7}
  schema.fields = {field};
  CollectionBackupInfo collection;
  collection.schema = schema;
  EXPECT_EQ(encode_collection_level(std::vector{collection}),
            R"({"infos":[{"schema":{"fields":[{"default_value_base64":"GAc="}]},"size":0,"has_index":false}]})");
}

TEST(MetaJson, MapsAreObjectsWithSortedKeys) {
  IndexInfo index;
  index.params = {{"metric_type", "L2"}, {"index_type", "HNSW"}};
  CollectionBackupInfo collection;
  collection.index_infos = {index};
  EXPECT_EQ(encode_collection_level(std::vector{collection}),
            R"({"infos":[{"size":0,"has_index":false,"index_infos":[{"params":{"index_type":"HNSW","metric_type":"L2"}}]}]})");
}

TEST(MetaJson, DecodesToleratingUnknownKeysNullsAndKeyCase) {
  auto decoded = decode_backup_info(
      R"({"id":"x","future_field":{"a":[1,2]},"name":null,"SIZE":12,"Collection_Backups":[{"collection_id":5}],)"
      R"("errorMessage":"old","start_time":1,"end_time":2,"progress":100})",
      "f");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(decoded->id, "x");
  EXPECT_EQ(decoded->name, "");
  EXPECT_EQ(decoded->size, 12);
  ASSERT_EQ(decoded->collection_backups.size(), 1u);
  EXPECT_EQ(decoded->collection_backups[0].collection_id, 5);
}

TEST(MetaJson, KeysDifferingOnlyInCaseLastOneWinsAsInGo) {
  auto folded_last = decode_backup_info(R"({"name":"exact","Name":"folded"})", "f");
  ASSERT_TRUE(folded_last);
  EXPECT_EQ(folded_last->name, "folded");
  auto exact_last = decode_backup_info(R"({"Name":"folded","name":"exact"})", "f");
  ASSERT_TRUE(exact_last);
  EXPECT_EQ(exact_last->name, "exact");
}

TEST(MetaJson, DecodesNullDocumentAsEmptyBackup) {
  auto decoded = decode_backup_info("null", "f");
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, BackupInfo{});
}

TEST(MetaJson, BinlogWithoutLogIdTakesItFromThePath) {
  auto decoded = decode_segment_level(
      R"({"infos":[{"binlogs":[{"fieldID":100,"binlogs":[{"log_path":"files/insert_log/1/2/3/100/445566","log_size":8}]}],)"
      R"("deltalogs":[{}]}]})",
      "f");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(decoded->at(0).binlogs[0].binlogs[0].log_id, 445566);
  ASSERT_EQ(decoded->at(0).deltalogs.size(), 1u);
  EXPECT_EQ(decoded->at(0).deltalogs[0], FieldBinlog{});
}

TEST(MetaJson, ReadsLegacyDefaultValueProto) {
  auto decoded = decode_collection_level(
      R"({"infos":[{"schema":{"fields":[{"default_value_proto":"\b\u0001"}]}}]})", "f");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  const FieldSchema& field = decoded->at(0).schema->fields[0];
  EXPECT_EQ(field.default_value_proto, std::string("\x08\x01", 2));
  EXPECT_EQ(default_value_bytes(field), std::string("\x08\x01", 2));
}

TEST(MetaJson, KeepsEnumValuesItDoesNotName) {
  auto decoded = decode_collection_level(R"({"infos":[{"schema":{"fields":[{"data_type":27}]}}]})", "f");
  ASSERT_TRUE(decoded);
  EXPECT_EQ(int(decoded->at(0).schema->fields[0].data_type), 27);
  EXPECT_EQ(encode_collection_level(*decoded),
            R"({"infos":[{"schema":{"fields":[{"data_type":27}]},"size":0,"has_index":false}]})");
}

TEST(MetaJson, TruncatedJsonIsCorruptAndNamesTheFile) {
  const std::string full = read_test_file("head/meta/full_meta.json");
  auto decoded = decode_backup_info(full.substr(0, full.size() / 2), "meta/full_meta.json");
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(decoded.error().get("file"), "meta/full_meta.json");
  EXPECT_NE(decoded.error().message.find("meta/full_meta.json: not valid JSON"), std::string::npos);
}

// Found by fuzzing (tests/fuzz/regressions/meta_files): nlohmann throws out_of_range, not
// parse_error, for a number no double holds, and it escaped the decoder.
TEST(MetaJson, NumberTooLargeForADoubleIsCorrupt) {
  for (const char* text : {R"({"size":1e999})", R"({"collection_backups":[{"size":-4E52000000000000060}]})", "[1e400]"}) {
    auto decoded = decode_backup_info(text, "meta/full_meta.json");
    ASSERT_FALSE(decoded) << text;
    EXPECT_EQ(decoded.error().code, ErrorCode::kCorrupt) << text;
    EXPECT_TRUE(decoded.error().message.starts_with("meta/full_meta.json: ")) << decoded.error().message;
    EXPECT_EQ(decode_segment_level(text, "meta/segment_meta.json").error().code, ErrorCode::kCorrupt) << text;
  }
}

TEST(MetaJson, WrongTypeAtNestedPathNamesFileAndPath) {
  auto decoded = decode_backup_info(
      R"({"collection_backups":[{"partition_backups":[{"size":1},{"size":"12"}]}]})", "meta/full_meta.json");
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(decoded.error().get("path"), "collection_backups[0].partition_backups[1].size");
  EXPECT_EQ(decoded.error().message,
            "meta/full_meta.json: collection_backups[0].partition_backups[1].size: expected an integer, got a string");
}

TEST(MetaJson, RejectsValuesGoCannotStore) {
  struct Case {
    const char* json;
    const char* path;
  };
  const Case cases[] = {
      {R"({"size":1.5})", "size"},
      {R"({"size":9223372036854775808})", "size"},
      {R"({"backup_timestamp":-1})", "backup_timestamp"},
      {R"({"state_code":2147483648})", "state_code"},
      {R"({"name":7})", "name"},
      {R"({"collection_backups":{}})", "collection_backups"},
      {R"({"collection_backups":[{"has_index":1}]})", "collection_backups[0].has_index"},
      {R"({"collection_backups":[{"channel_checkpoints":{"v0":5}}]})", "collection_backups[0].channel_checkpoints.v0"},
      {R"({"collection_backups":[{"schema":[]}]})", "collection_backups[0].schema"},
      {R"({"collection_backups":[{"schema":{"fields":[{"default_value_base64":"not base64!"}]}}]})",
       "collection_backups[0].schema.fields[0].default_value_base64"},
      {R"({"physical_channel_names":["a",1]})", "physical_channel_names[1]"},
  };
  for (const Case& c : cases) {
    auto decoded = decode_backup_info(c.json, "f");
    ASSERT_FALSE(decoded) << c.json;
    EXPECT_EQ(decoded.error().code, ErrorCode::kCorrupt) << c.json;
    EXPECT_EQ(decoded.error().get("path"), c.path) << c.json;
  }
}

TEST(MetaJson, TopLevelMustBeAnObject) {
  auto decoded = decode_backup_info("[]", "meta/backup_meta.json");
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().message, "meta/backup_meta.json: expected an object, got an array");
}

}  // namespace
}  // namespace mb::meta
