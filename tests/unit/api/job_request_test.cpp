#include "api/job_request.h"

#include <gtest/gtest.h>

namespace mb::api {
namespace {

using milvus_backup::CreateRequest;
using milvus_backup::RestoreRequest;
using milvus_backup::VerifyRequest;

TEST(JobRequest, CreateRoundTrips) {
  const CreateRequest request{.job_id = "c1",
                              .options = {.name = "nightly", .filter = "db1.*", .strategy = "skip_flush",
                                          .format = "binlog", .rbac = true, .backup_index_extra = true, .id = "c1",
                                          .no_resume = true},
                              .backup_root_path = "root2",
                              .pause_gc = true,
                              .gc_pause_address = "http://datacoord:9091"};
  const auto text = encode_job_request(request);
  ASSERT_TRUE(text.has_value());
  auto decoded = decode_create_request(*text);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().to_string();
  EXPECT_EQ(decoded->job_id, "c1");
  EXPECT_EQ(decoded->options.name, "nightly");
  EXPECT_EQ(decoded->options.filter, "db1.*");
  EXPECT_EQ(decoded->options.strategy, "skip_flush");
  EXPECT_EQ(decoded->options.format, "binlog");
  EXPECT_TRUE(decoded->options.rbac);
  EXPECT_TRUE(decoded->options.backup_index_extra);
  EXPECT_EQ(decoded->options.id, "c1");
  EXPECT_TRUE(decoded->options.no_resume);
  EXPECT_EQ(decoded->backup_root_path, "root2");
  EXPECT_TRUE(decoded->pause_gc);
  EXPECT_EQ(decoded->gc_pause_address, "http://datacoord:9091");
}

TEST(JobRequest, RestoreRoundTrips) {
  RestoreRequest request{.job_id = "r1", .backup_root_path = "root2", .bucket_name = "other"};
  request.options = {.backup_name = "nightly", .filter = "db2.c_r", .source_filter = "db1.c", .suffix = "_r",
                     .rename = "db1.*:db2.*", .drop_exist_collection = true, .drop_exist_index = true,
                     .skip_create_collection = true, .allow_append = true, .rebuild_index = true,
                     .use_auto_index = true, .meta_only = true, .rbac = true, .verify = true,
                     .verify_source = "127.0.0.1:19530", .skip_integrity_check = true, .task_id = "r1"};
  auto decoded = decode_restore_request(encode_job_request(request).value());
  ASSERT_TRUE(decoded.has_value()) << decoded.error().to_string();
  // Every member, compared as the encoder writes it.
  EXPECT_EQ(encode_job_request(*decoded), encode_job_request(request));
  EXPECT_EQ(decoded->options.rename, "db1.*:db2.*");
  EXPECT_EQ(decoded->options.task_id, "r1");
  EXPECT_TRUE(decoded->options.skip_integrity_check);
  EXPECT_EQ(decoded->bucket_name, "other");
}

TEST(JobRequest, VerifyRoundTrips) {
  const VerifyRequest request{.job_id = "v1", .backup_name = "nightly", .read_data = true, .read_data_subset = "1/7"};
  auto decoded = decode_verify_request(encode_job_request(request).value());
  ASSERT_TRUE(decoded.has_value()) << decoded.error().to_string();
  EXPECT_EQ(decoded->job_id, "v1");
  EXPECT_EQ(decoded->backup_name, "nightly");
  EXPECT_TRUE(decoded->read_data);
  EXPECT_EQ(decoded->read_data_subset, "1/7");
}

TEST(JobRequest, MissingMembersKeepTheirDefaults) {
  auto decoded = decode_restore_request(R"({"backup_name": "b1", "some_later_member": 1})");
  ASSERT_TRUE(decoded.has_value()) << decoded.error().to_string();
  EXPECT_EQ(decoded->options.backup_name, "b1");
  EXPECT_FALSE(decoded->options.drop_exist_collection);
  EXPECT_EQ(decoded->job_id, "");
}

TEST(JobRequest, BadTextIsCorrupt) {
  for (const std::string_view text : {"{not json", "[]", R"({"name": 5})", R"({"rbac": "yes"})"}) {
    auto decoded = decode_create_request(text);
    ASSERT_FALSE(decoded.has_value()) << text;
    EXPECT_EQ(decoded.error().code, ErrorCode::kCorrupt) << text;
    EXPECT_NE(decoded.error().to_string().find("create request"), std::string::npos) << decoded.error().to_string();
  }
  const std::string deep = std::string(100, '[') + std::string(100, ']');
  EXPECT_EQ(decode_verify_request(deep).error().code, ErrorCode::kCorrupt);
}

TEST(JobRequest, CredentialsAreNotKept) {
  EXPECT_FALSE(encode_job_request(CreateRequest{.options = {.name = "b"},
                                                .gc_pause_address = "http://user:secret@datacoord:9091"})
                   .has_value());
  EXPECT_FALSE(encode_job_request(CreateRequest{.options = {.name = "b"},
                                                .gc_pause_address = "http://datacoord:9091/?token=abc"})
                   .has_value());
}

TEST(JobRequest, TextThatIsNotUtf8IsNotKept) {
  EXPECT_FALSE(encode_job_request(VerifyRequest{.backup_name = "b\xff"}).has_value());
}

}  // namespace
}  // namespace mb::api
