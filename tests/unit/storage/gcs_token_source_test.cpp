// Token exchange against a loopback token endpoint that checks the assertion's signature.
#include "storage/gcs_token_source.h"

#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "../util/loopback_http_server.h"
#include "gcs_test_key.h"
#include "storage/gcs_jwt.h"
#include "util/url_encode.h"

namespace mb::storage::gcs {
namespace {

using mb::testing::LoopbackHttpServer;

std::string base64url_decode(std::string text) {
  for (char& c : text) c = c == '-' ? '+' : c == '_' ? '/' : c;
  while (text.size() % 4 != 0) text.push_back('=');
  std::string out(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  out.resize(static_cast<size_t>(n) - static_cast<size_t>(std::count(text.end() - 2, text.end(), '=')));
  return out;
}

class TokenSourceTest : public ::testing::Test {
 protected:
  TokenSourceTest()
      : server_([this](const LoopbackHttpServer::Request& request) { return answer(request); }) {}

  LoopbackHttpServer::Reply answer(const LoopbackHttpServer::Request& request) {
    ++requests_;
    LoopbackHttpServer::Reply reply;
    const std::string prefix = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=";
    const bool well_formed = request.method == "POST" && request.target == "/token" &&
                             request.header("Content-Type") == "application/x-www-form-urlencoded" &&
                             request.body.starts_with(prefix);
    const std::string jwt = well_formed ? request.body.substr(prefix.size()) : "";
    const size_t dot = jwt.rfind('.');
    if (reject_ || !well_formed || dot == std::string::npos ||
        !keys_.verifies(jwt.substr(0, dot), base64url_decode(jwt.substr(dot + 1)))) {
      reply.status = 400;
      reply.body = R"({"error":"invalid_grant","error_description":"Invalid JWT Signature."})";
      return reply;
    }
    reply.body = nlohmann::json{{"access_token", "token-" + std::to_string(requests_.load())},
                                {"expires_in", expires_in_},
                                {"token_type", "Bearer"}}
                     .dump();
    return reply;
  }

  TokenSource make() {
    ServiceAccount account{.client_email = "backup@proj.iam.gserviceaccount.com",
                           .private_key = keys_.private_pem(),
                           .private_key_id = "k1",
                           .token_uri = server_.base_url() + "/token",
                           .project_id = "proj"};
    retry::Policy retry;
    retry.max_attempts = 1;
    return TokenSource(std::move(account), {}, retry);
  }

  const mb::testing::RsaKeyPair keys_;
  std::atomic<int> requests_{0};
  int expires_in_ = 3600;
  bool reject_ = false;
  LoopbackHttpServer server_;
};

TEST_F(TokenSourceTest, FetchesOnceAndSharesTheTokenUntilNearExpiry) {
  TokenSource tokens = make();
  std::vector<std::thread> threads;
  std::vector<std::string> got(4);
  for (size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&, i] { got[i] = tokens.token().value(); });
  }
  for (auto& t : threads) t.join();
  for (const auto& token : got) EXPECT_EQ(token, "token-1");
  EXPECT_EQ(requests_, 1);
}

TEST_F(TokenSourceTest, ShortLivedTokensAreFetchedAgain) {
  expires_in_ = 60;  // inside the refresh margin
  TokenSource tokens = make();
  EXPECT_EQ(tokens.token().value(), "token-1");
  EXPECT_EQ(tokens.token().value(), "token-2");
}

TEST_F(TokenSourceTest, RejectionIsPermissionDeniedNamingEndpointAndAccount) {
  reject_ = true;
  TokenSource tokens = make();
  auto token = tokens.token();
  ASSERT_FALSE(token);
  const Error& e = token.error();
  EXPECT_EQ(e.code, ErrorCode::kPermissionDenied);
  EXPECT_NE(e.message.find("invalid_grant: Invalid JWT Signature."), std::string::npos) << e.message;
  EXPECT_EQ(e.get("token_uri"), server_.base_url() + "/token");
  EXPECT_EQ(e.get("service_account"), "backup@proj.iam.gserviceaccount.com");
  EXPECT_EQ(e.get("http_status"), "400");
  EXPECT_EQ(e.to_string().find("PRIVATE KEY"), std::string::npos);
}

}  // namespace
}  // namespace mb::storage::gcs
