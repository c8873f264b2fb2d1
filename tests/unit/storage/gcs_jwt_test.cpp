// The service-account assertion: its parts decode to the documented header and claim set, and its
// signature verifies with the public half of a key made here (OpenSSL's own verifier).
#include "storage/gcs_jwt.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <nlohmann/json.hpp>

#include "gcs_test_key.h"

namespace mb::storage::gcs {
namespace {

std::string base64url_decode(std::string text) {
  for (char& c : text) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (text.size() % 4 != 0) text.push_back('=');
  std::string out(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  out.resize(static_cast<size_t>(n) - static_cast<size_t>(std::count(text.end() - 2, text.end(), '=')));
  return out;
}

ServiceAccount account_with(std::string pem) {
  return ServiceAccount{.client_email = "backup@proj.iam.gserviceaccount.com",
                        .private_key = std::move(pem),
                        .private_key_id = "k1",
                        .token_uri = "https://oauth2.googleapis.com/token",
                        .project_id = "proj"};
}

TEST(GcsJwt, Base64UrlHasNoPaddingAndUrlSafeAlphabet) {
  EXPECT_EQ(base64url(""), "");
  EXPECT_EQ(base64url("f"), "Zg");
  EXPECT_EQ(base64url("fo"), "Zm8");
  EXPECT_EQ(base64url("foo"), "Zm9v");
  EXPECT_EQ(base64url("\xfb\xff\xbf"), "-_-_");
}

TEST(GcsJwt, ClaimSetIsTheDocumentedOne) {
  const auto claims = nlohmann::json::parse(claim_set(account_with(""), kReadWriteScope, 1795721400));
  EXPECT_EQ(claims, (nlohmann::json{{"iss", "backup@proj.iam.gserviceaccount.com"},
                                    {"scope", "https://www.googleapis.com/auth/devstorage.read_write"},
                                    {"aud", "https://oauth2.googleapis.com/token"},
                                    {"iat", 1795721400},
                                    {"exp", 1795725000}}));
}

TEST(GcsJwt, AssertionIsSignedWithRs256) {
  const testing::RsaKeyPair keys;
  const auto jwt = assertion(account_with(keys.private_pem()), kReadWriteScope,
                             std::chrono::system_clock::time_point(std::chrono::seconds(1795721400)));
  ASSERT_TRUE(jwt) << jwt.error().to_string();
  const size_t first_dot = jwt->find('.');
  const size_t second_dot = jwt->find('.', first_dot + 1);
  ASSERT_NE(second_dot, std::string::npos);
  EXPECT_EQ(jwt->find_first_of("+/="), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(base64url_decode(jwt->substr(0, first_dot))),
            (nlohmann::json{{"alg", "RS256"}, {"typ", "JWT"}}));
  const auto claims = nlohmann::json::parse(base64url_decode(jwt->substr(first_dot + 1, second_dot - first_dot - 1)));
  EXPECT_EQ(claims["iat"], 1795721400);
  const std::string signature = base64url_decode(jwt->substr(second_dot + 1));
  EXPECT_EQ(signature.size(), 256u);
  EXPECT_TRUE(keys.verifies(jwt->substr(0, second_dot), signature));
  EXPECT_FALSE(keys.verifies(jwt->substr(0, second_dot) + "x", signature));
}

TEST(GcsJwt, UnreadableKeyIsAConfigErrorWithoutTheKey) {
  auto signed_data = sign_rs256("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n", "data");
  ASSERT_FALSE(signed_data);
  EXPECT_EQ(signed_data.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(signed_data.error().get("config_key"), "storage.auth.credentialsFile");
  EXPECT_EQ(signed_data.error().to_string().find("not a key"), std::string::npos);
}

}  // namespace
}  // namespace mb::storage::gcs
