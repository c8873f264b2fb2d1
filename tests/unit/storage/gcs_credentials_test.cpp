#include "storage/gcs_credentials.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace mb::storage::gcs {
namespace {

TEST(GcsCredentials, ReadsAServiceAccountKeyFile) {
  const auto account = parse_service_account(R"({
    "type": "service_account", "project_id": "proj", "private_key_id": "abc",
    "private_key": "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n",
    "client_email": "backup@proj.iam.gserviceaccount.com", "client_id": "123",
    "token_uri": "http://127.0.0.1:1/token"})");
  ASSERT_TRUE(account) << account.error().to_string();
  EXPECT_EQ(account->client_email, "backup@proj.iam.gserviceaccount.com");
  EXPECT_EQ(account->private_key, "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
  EXPECT_EQ(account->private_key_id, "abc");
  EXPECT_EQ(account->project_id, "proj");
  EXPECT_EQ(account->token_uri, "http://127.0.0.1:1/token");
}

TEST(GcsCredentials, TokenUriDefaultsToGoogles) {
  const auto account =
      parse_service_account(R"({"type":"service_account","private_key":"k","client_email":"a@b.c"})");
  ASSERT_TRUE(account);
  EXPECT_EQ(account->token_uri, "https://oauth2.googleapis.com/token");
}

TEST(GcsCredentials, RefusesOtherKindsAndMissingFields) {
  EXPECT_FALSE(parse_service_account("not json"));
  EXPECT_FALSE(parse_service_account("[]"));
  auto user = parse_service_account(R"({"type":"authorized_user","client_id":"x"})");
  ASSERT_FALSE(user);
  EXPECT_NE(user.error().message.find("authorized_user"), std::string::npos);
  auto no_key = parse_service_account(R"({"type":"service_account","client_email":"a@b.c"})");
  ASSERT_FALSE(no_key);
  EXPECT_NE(no_key.error().message.find("private_key"), std::string::npos);
}

TEST(GcsCredentials, FileErrorsNameThePathAndTheConfigKey) {
  auto missing = load_service_account("/nonexistent/key.json");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().get("path"), "/nonexistent/key.json");
  EXPECT_EQ(missing.error().get("config_key"), "storage.auth.credentialsFile");

  const auto path = std::filesystem::temp_directory_path() / ("mb-gcs-key-" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << R"({"type":"service_account","private_key":"SECRET","client_email":"a@b.c"})";
  auto loaded = load_service_account(path.string());
  std::filesystem::remove(path);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->private_key, "SECRET");
}

}  // namespace
}  // namespace mb::storage::gcs
