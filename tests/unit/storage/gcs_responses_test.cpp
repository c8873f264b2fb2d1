// Documents shaped like those of the GCS JSON API reference (objects resource, objects.list,
// objects.rewrite, the error model).
#include "storage/gcs_responses.h"

#include <gtest/gtest.h>

#include "util/crc32c.h"

namespace mb::storage::gcs {
namespace {

TEST(GcsResponses, ObjectResourceKeepsSizeTimeAndCrc32c) {
  const auto info = parse_object(R"({"kind":"storage#object","id":"b/dir/x/1","name":"dir/x","bucket":"b",
      "generation":"1795721400000000","size":"11","md5Hash":"XrY7u+Ae7tCTyyK7j1rNww==","crc32c":"yZRlqg==",
      "etag":"CKih16GjycICEAE=","updated":"2026-11-26T19:30:00.123Z"})");
  ASSERT_TRUE(info) << info.error().to_string();
  EXPECT_EQ(info->key, "dir/x");
  EXPECT_EQ(info->size, 11u);
  EXPECT_EQ(info->mtime_unix, 1795721400);
  EXPECT_EQ(info->etag, "yZRlqg==");
}

TEST(GcsResponses, ObjectWithoutSizeIsCorrupt) {
  EXPECT_EQ(parse_object(R"({"name":"x"})").error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(parse_object(R"({"name":"x","size":"12a"})").error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(parse_object("<html/>").error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(parse_object(R"({"name":"x","size":5})")->size, 5u);
}

TEST(GcsResponses, ListingHasItemsPrefixesAndToken) {
  const auto page = parse_list(R"({"kind":"storage#objects","nextPageToken":"CgRkaXIv",
      "prefixes":["a/","b/"],"items":[{"name":"top","size":"3"},{"name":"top2","size":"0"}]})");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->objects.size(), 2u);
  EXPECT_EQ(page->objects[1].key, "top2");
  EXPECT_EQ(page->common_prefixes, (std::vector<std::string>{"a/", "b/"}));
  EXPECT_EQ(page->next_page_token, "CgRkaXIv");
  const auto empty = parse_list(R"({"kind":"storage#objects"})");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->objects.empty());
  EXPECT_EQ(empty->next_page_token, "");
}

TEST(GcsResponses, RewriteProgress) {
  const auto pending = parse_rewrite(R"({"kind":"storage#rewriteResponse","totalBytesRewritten":"1048576",
      "objectSize":"10000000000","done":false,"rewriteToken":"tok"})");
  ASSERT_TRUE(pending);
  EXPECT_FALSE(pending->done);
  EXPECT_EQ(pending->rewrite_token, "tok");
  EXPECT_TRUE(parse_rewrite(R"({"done":true,"resource":{"name":"x","size":"1"}})")->done);
  EXPECT_EQ(parse_rewrite(R"({"done":false})").error().code, ErrorCode::kCorrupt);
}

// Found by fuzzing (tests/fuzz/regressions/gcs_responses): a "done" of another type threw
// nlohmann's type_error out of parse_rewrite.
TEST(GcsResponses, RewriteProgressWithANonBooleanDoneIsCorrupt) {
  for (const char* body : {R"({"done":"true","rewriteToken":"t"})", R"({"done":1})", R"({"done":null})"}) {
    const auto progress = parse_rewrite(body);
    ASSERT_FALSE(progress) << body;
    EXPECT_EQ(progress.error().code, ErrorCode::kCorrupt) << body;
  }
}

TEST(GcsResponses, ErrorModel) {
  const auto error = parse_error(R"({"error":{"code":404,"message":"No such object: b/x",
      "errors":[{"message":"No such object: b/x","domain":"global","reason":"notFound"}]}})");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->reason, "notFound");
  EXPECT_EQ(error->message, "No such object: b/x");
  EXPECT_FALSE(parse_error("Not Found"));
  EXPECT_FALSE(parse_error(R"({"name":"x"})"));
}

TEST(GcsResponses, Crc32cIsBase64BigEndian) {
  EXPECT_EQ(crc32c_base64(crc32c(std::string_view("hello world"))), "yZRlqg==");
  EXPECT_EQ(crc32c_base64(0), "AAAAAA==");
}

}  // namespace
}  // namespace mb::storage::gcs
