#include "server/request_parsing.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace mb::server {
namespace {

std::string create_error(std::string_view body) {
  auto parsed = parse_create_request(body);
  EXPECT_FALSE(parsed.has_value()) << body;
  return parsed ? "" : parsed.error().message;
}

std::string restore_error(std::string_view body) {
  auto parsed = parse_restore_request(body);
  EXPECT_FALSE(parsed.has_value()) << body;
  return parsed ? "" : parsed.error().message;
}

TEST(CreateRequestTest, ReadsTheGoToolsFields) {
  auto parsed = parse_create_request(
      R"({"backup_name":"b1","async":true,"strategy":"skip_flush","gc_pause_enable":true,"backup_root_path":"r"})");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->backup_name, "b1");
  EXPECT_EQ(parsed->options.name, "b1");
  EXPECT_TRUE(parsed->async);
  EXPECT_EQ(parsed->options.strategy, "skip_flush");
  EXPECT_TRUE(parsed->gc_pause_enable);
  EXPECT_EQ(parsed->backup_root_path, "r");
  EXPECT_EQ(parsed->options.filter, "");
}

TEST(CreateRequestTest, FilterWinsOverDeprecatedSelections) {
  auto parsed = parse_create_request(
      R"({"backup_name":"b","filter":{"db1":{"colls":["c1","c2"]},"db2":{"colls":["*"]},"":{}},)"
      R"("db_collections":{"x":[]},"collection_names":["y"]})");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  // Databases come in name order ("" is default).
  EXPECT_EQ(parsed->options.filter, "default.*,db1.c1,db1.c2,db2.*");
}

TEST(CreateRequestTest, DbCollectionsAsStringOrObjectThenCollectionNames) {
  EXPECT_EQ(parse_create_request(R"({"db_collections":"{\"d\":[\"c\"],\"e\":[]}"})")->options.filter, "d.c,e.*");
  EXPECT_EQ(parse_create_request(R"({"db_collections":{"d":["c"]}})")->options.filter, "d.c");
  EXPECT_EQ(parse_create_request(R"({"collection_names":["c1","d.c2"]})")->options.filter, "default.c1,d.c2");
}

TEST(CreateRequestTest, DeprecatedBooleansPickAStrategy) {
  EXPECT_EQ(parse_create_request(R"({"force":true})")->options.strategy, "skip_flush");
  EXPECT_EQ(parse_create_request(R"({"meta_only":true})")->options.strategy, "meta_only");
  EXPECT_EQ(parse_create_request(R"({"meta_only":true,"strategy":"serial_flush"})")->options.strategy, "serial_flush");
}

TEST(CreateRequestTest, NullIsAbsent) {
  auto parsed = parse_create_request(R"({"backup_name":"b","filter":null,"async":null})");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_FALSE(parsed->async);
}

TEST(CreateRequestTest, RefusesBadBodies) {
  EXPECT_NE(create_error("{").find("invalid request body"), std::string::npos);
  EXPECT_NE(create_error("").find("invalid request body"), std::string::npos);
  EXPECT_NE(create_error("[1]").find("want a JSON object, got array"), std::string::npos);
  EXPECT_NE(create_error(R"({"asnyc":true})").find(R"(unknown field "asnyc")"), std::string::npos);
  EXPECT_NE(create_error(R"({"async":"true"})").find(R"(field "async" must be a boolean, got string)"),
            std::string::npos);
  EXPECT_NE(create_error(R"({"backup_name":5})").find("must be a string"), std::string::npos);
  EXPECT_NE(create_error(R"({"gc_pause_seconds":1.5})").find("must be an integer"), std::string::npos);
  EXPECT_NE(create_error(R"({"collection_names":["a",1]})").find("array of strings"), std::string::npos);
  EXPECT_NE(create_error(R"({"filter":{"db":{"colls":["c"],"x":1}}})").find(R"(unknown field "x")"),
            std::string::npos);
}

// Found by fuzzing (tests/fuzz/regressions/rest_request): nlohmann throws out_of_range, not
// parse_error, for a number no double holds; it escaped the parser and became a 500.
TEST(CreateRequestTest, NumberTooLargeForADoubleIsABadBody) {
  for (const char* body : {R"({"async":1e999999})", R"({"gc_pause_seconds":-1e400})", "[1e999]"}) {
    const auto create = parse_create_request(body);
    ASSERT_FALSE(create) << body;
    EXPECT_EQ(create.error().code, ErrorCode::kInvalidArgument) << body;
    EXPECT_NE(create.error().message.find("invalid request body"), std::string::npos) << body;
    const auto restore = parse_restore_request(body);
    ASSERT_FALSE(restore) << body;
    EXPECT_EQ(restore.error().code, ErrorCode::kInvalidArgument) << body;
  }
}

TEST(CreateRequestTest, HostileNamesCannotAddFilterRules) {
  EXPECT_NE(create_error(R"({"collection_names":["a,b.*"]})").find("invalid"), std::string::npos);
  EXPECT_NE(create_error(R"({"filter":{"db,x":{"colls":["c"]}}})").find("invalid database name"), std::string::npos);
  EXPECT_NE(create_error(R"({"db_collections":{"d":["../x"]}})").find("invalid collection name"), std::string::npos);
  EXPECT_NE(create_error(R"({"db_collections":"{oops"})").find("not valid JSON"), std::string::npos);
}

std::string deep_object(size_t depth) {
  std::string text;
  for (size_t i = 0; i < depth; ++i) text += R"({"a":)";
  text += "[]";
  text.append(depth, '}');
  return text;
}

// The crash of issue 18: a 70,000-deep db_collections or collection_renames was parsed, then
// copied recursively (a stack frame per level). Now the parse refuses it as a 400.
TEST(RequestParsingTest, DeepBodiesAreRefusedInEveryObjectField) {
  for (const size_t depth : {65u, 1'000u, 70'000u}) {
    const auto deep = deep_object(depth);
    for (const char* field : {"filter", "db_collections"}) {
      const auto body = std::string(R"({")") + field + R"(":)" + deep + "}";
      auto parsed = parse_create_request(body);
      ASSERT_FALSE(parsed) << field << " " << depth;
      EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
      EXPECT_NE(parsed.error().message.find("nested deeper than 64 levels at " + std::string(field) + ".a.a"),
                std::string::npos)
          << parsed.error().message;
    }
    for (const char* field : {"collection_renames", "restorePlan", "db_collections", "skipParams", "ezkMapping",
                              "db_collections_after_rename"}) {
      const auto body = std::string(R"({")") + field + R"(":)" + deep + "}";
      auto parsed = parse_restore_request(body);
      ASSERT_FALSE(parsed) << field << " " << depth;
      EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
      EXPECT_NE(parsed.error().message.find("nested deeper than 64 levels"), std::string::npos)
          << parsed.error().message;
    }
  }
  // db_collections may be a string holding JSON: the same limit applies inside it.
  nlohmann::json inner = deep_object(10'000);
  const auto body = R"({"db_collections":)" + inner.dump() + "}";
  EXPECT_NE(create_error(body).find("db_collections is not valid JSON: nested deeper than 64 levels"),
            std::string::npos);
  EXPECT_NE(restore_error(body).find("nested deeper than 64 levels"), std::string::npos);
}

TEST(RequestParsingTest, OutOfRangeNumbersNameTheField) {
  EXPECT_EQ(create_error(R"({"async":1e999999})"), "invalid request body: async: number 1e999999 is out of range");
  EXPECT_EQ(create_error(R"({"gc_pause_seconds":-1e400})"),
            "invalid request body: gc_pause_seconds: number -1e400 is out of range");
  EXPECT_EQ(restore_error(R"({"collection_names":[1e999]})"),
            "invalid request body: collection_names[0]: number 1e999 is out of range");
  EXPECT_EQ(restore_error(R"({"maxShardNum":99999999999999999999999})"),
            "invalid request body: maxShardNum: number 99999999999999999999999 is out of range");
  // Fits uint64 but not int64: would wrap to a negative shard number.
  EXPECT_NE(restore_error(R"({"maxShardNum":18446744073709551615})").find(R"(field "maxShardNum" must be an integer)"),
            std::string::npos);
  EXPECT_NE(restore_error(R"({"restorePlan":{"mapping":[{"source":"a","target":"b","colls":[)"
                          R"({"source":"c","target":"d","override":{"shardNum":1e999}}]}]}})")
                .find("restorePlan.mapping[0].colls[0].override.shardNum: number 1e999 is out of range"),
            std::string::npos);
}

TEST(RestoreRequestTest, ReadsTheGoToolsFields) {
  auto parsed = parse_restore_request(
      R"({"requestId":"q","id":"my-restore_1","backup_name":"b","async":true,"collection_suffix":"_r",)"
      R"("collection_names":["c1","d.c2"],"metaOnly":true,"restoreIndex":true,"dropExistIndex":true,"useV2Restore":true})");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->request_id, "q");
  EXPECT_EQ(parsed->id, "my-restore_1");
  EXPECT_EQ(parsed->options.backup_name, "b");
  EXPECT_EQ(parsed->options.suffix, "_r");
  // Backup-side names select by the backup's own names; the suffix applies after.
  EXPECT_EQ(parsed->options.source_filter, "default.c1,d.c2");
  EXPECT_EQ(parsed->options.filter, "");
  EXPECT_TRUE(parsed->options.meta_only);
  EXPECT_TRUE(parsed->options.rebuild_index);
  EXPECT_TRUE(parsed->options.drop_exist_index);
  EXPECT_TRUE(parsed->unsupported.empty());
}

TEST(RestoreRequestTest, RenamesAndTargetFilter) {
  auto parsed = parse_restore_request(
      R"({"backup_name":"b","collection_renames":{"a.c":"b.d","x.*":"y.*"},"db_collections_after_rename":{"b":["d"]}})");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->options.rename, "a.c:b.d,x.*:y.*");
  EXPECT_EQ(parsed->options.filter, "b.d");
}

TEST(RestoreRequestTest, UnsupportedFeaturesAreListed) {
  auto parsed = parse_restore_request(
      R"({"backup_name":"b","restorePlan":{"mapping":[]},"maxShardNum":2,"truncateBinlogByTs":true,"skipParams":{}})");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->unsupported, (std::vector<std::string>{"maxShardNum", "truncateBinlogByTs"}));
}

TEST(RestoreRequestTest, RenamesWinOverTheSuffix) {
  auto parsed = parse_restore_request(R"({"backup_name":"b","collection_suffix":"_s","collection_renames":{"c":"d"}})");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->options.suffix, "");
  EXPECT_EQ(parsed->options.rename, "c:d");
}

TEST(RestoreRequestTest, BackupSideNamesStayBackupSideWithRenames) {
  // Mapped to target names, "a.*" renamed to "w.*" would also select what the backup holds in w.
  auto parsed = parse_restore_request(
      R"({"backup_name":"b","db_collections":{"a":[]},"collection_renames":{"a.c":"z.d","a.*":"w.*"}})");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->options.source_filter, "a.*");
  EXPECT_EQ(parsed->options.filter, "");
  EXPECT_EQ(parsed->options.rename, "a.*:w.*,a.c:z.d");  // JSON object keys in order
}

TEST(RestoreRequestTest, BackupSideAndTargetFiltersAreBothKept) {
  auto parsed = parse_restore_request(
      R"({"backup_name":"b","collection_suffix":"_r","db_collections":{"a":[],"b":["c"]},)"
      R"("db_collections_after_rename":{"a":["x_r"],"b":[]}})");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->options.source_filter, "a.*,b.c");
  EXPECT_EQ(parsed->options.filter, "a.x_r,b.*");
}

TEST(RestoreRequestTest, RestorePlanMappingBecomesRenamesAndItsFilterTheTargetFilter) {
  auto parsed = parse_restore_request(
      R"({"backup_name":"b","restorePlan":{"mapping":[{"source":"default","target":"default",)"
      R"("colls":[{"source":"c","target":"c2","override":{}}]},{"source":"a","target":"b"}],)"
      R"("filter":{"default":{"colls":["c2"]}}}})");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->options.rename, "default.c:default.c2,a.*:b.*");
  EXPECT_EQ(parsed->options.filter, "default.c2");
  EXPECT_TRUE(parsed->unsupported.empty());

  parsed = parse_restore_request(
      R"({"backup_name":"b","restorePlan":{"mapping":[{"source":"d","target":"d","withProp":true,)"
      R"("colls":[{"source":"c","target":"e","override":{"shardNum":1}}]}]}})");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->unsupported,
            (std::vector<std::string>{"restorePlan.mapping.withProp", "restorePlan.mapping.colls.override"}));

  EXPECT_NE(restore_error(R"({"restorePlan":{},"collection_suffix":"_s"})").find("collection suffix"),
            std::string::npos);
  EXPECT_NE(restore_error(R"({"restorePlan":{},"collection_renames":{"a":"b"}})").find("collection renames"),
            std::string::npos);
  EXPECT_NE(restore_error(R"({"restorePlan":{"mapping":[{"target":"d"}]}})").find("source database name is empty"),
            std::string::npos);
  EXPECT_NE(restore_error(R"({"restorePlan":{"mapping":[{"source":"d","target":"e","x":1}]}})")
                .find(R"(unknown field "x" in restorePlan.mapping[0])"),
            std::string::npos);
  EXPECT_NE(restore_error(R"({"restorePlan":{"mapping":[{"source":"d","target":"e","colls":[{"source":"a,b","target":"c"}]}]}})")
                .find("invalid collection_renames entry"),
            std::string::npos);
}

TEST(RestoreRequestTest, RefusesBadBodies) {
  EXPECT_NE(restore_error(R"({"backup_name":"b","unknown":1})").find(R"(unknown field "unknown")"),
            std::string::npos);
  EXPECT_NE(restore_error(R"({"id":"../../etc"})").find("invalid restore id"), std::string::npos);
  EXPECT_NE(restore_error(R"({"collection_suffix":"-x"})").find("invalid collection_suffix"), std::string::npos);
  EXPECT_NE(restore_error(R"({"collection_renames":{"a":"b,c:d"}})").find("invalid collection_renames"),
            std::string::npos);
  EXPECT_NE(restore_error(R"({"collection_renames":{"a":1}})").find("must be a string"), std::string::npos);
  EXPECT_NE(restore_error(R"({"collection_renames":{"a.*":"b"}})").find("invalid mapper rule"), std::string::npos);
}

}  // namespace
}  // namespace mb::server

namespace mb::server {
namespace {

// The v0.4 selections the CLI's legacy -a/-d/-c share with the REST API.
TEST(V04SelectionTest, DbCollectionsAndCollectionNamesAsFilterRules) {
  EXPECT_EQ(*db_collections_filter(R"({"db1":["c1","c2"],"db2":[]})", "-a"), "db1.c1,db1.c2,db2.*");
  EXPECT_EQ(*db_collections_filter("", "-a"), "");
  EXPECT_EQ(*collection_names_filter({"a", "db.b"}), "default.a,db.b");
  auto bad = db_collections_filter("{", "-a/--database_collections");
  ASSERT_FALSE(bad);
  EXPECT_TRUE(bad.error().message.starts_with("invalid value: -a/--database_collections is not valid JSON"))
      << bad.error().message;
  EXPECT_FALSE(collection_names_filter({"a,b.c"}));  // a name cannot carry a second rule
  EXPECT_FALSE(db_collections_filter(R"({"db":["x.y"]})", "-a"));
}

TEST(CancelRequestTest, ParametersComeInTheQueryNotTheBody) {
  EXPECT_TRUE(check_no_parameters_in_body(""));
  EXPECT_TRUE(check_no_parameters_in_body("{}"));
  EXPECT_TRUE(check_no_parameters_in_body(" { } "));
  auto named = check_no_parameters_in_body(R"({"backup_name":"b"})");
  ASSERT_FALSE(named);
  EXPECT_NE(named.error().message.find(R"(unknown field "backup_name")"), std::string::npos);
  auto deep = check_no_parameters_in_body(std::string(70'000, '[') + std::string(70'000, ']'));
  ASSERT_FALSE(deep);
  EXPECT_NE(deep.error().message.find("nested deeper than 64 levels"), std::string::npos);
}

}  // namespace
}  // namespace mb::server
