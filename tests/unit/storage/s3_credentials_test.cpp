// Temporary S3 keys from a loopback server acting as the instance metadata service and as STS.
#include "storage/s3_credentials.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "../util/loopback_http_server.h"

namespace mb::storage::s3 {
namespace {

using mb::testing::LoopbackHttpServer;
using namespace std::chrono_literals;

std::string iso8601(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

class InstanceMetadataTest : public ::testing::Test {
 protected:
  InstanceMetadataTest() : server_([this](const LoopbackHttpServer::Request& r) { return answer(r); }) {}

  LoopbackHttpServer::Reply answer(const LoopbackHttpServer::Request& request) {
    LoopbackHttpServer::Reply reply;
    if (request.target == "/latest/api/token") {
      const bool well_formed =
          request.method == "PUT" && !request.header("X-aws-ec2-metadata-token-ttl-seconds").empty();
      reply.status = token_status_ != 200 ? token_status_ : well_formed ? 200 : 400;
      reply.body = "session-token";
      return reply;
    }
    const bool authorized = token_status_ != 200 || request.header("X-aws-ec2-metadata-token") == "session-token";
    if (!authorized) {
      reply.status = 401;
    } else if (request.target == "/latest/meta-data/iam/security-credentials/") {
      reply.status = role_status_;
      reply.body = "backup-role\n";
    } else if (request.target == "/latest/meta-data/iam/security-credentials/backup-role") {
      const int n = ++fetches_;
      reply.body = R"({"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"AK)" + std::to_string(n) +
                   R"(","SecretAccessKey":"secret-)" + std::to_string(n) + R"(","Token":"token-)" +
                   std::to_string(n) + R"(","Expiration":")" + iso8601(std::chrono::system_clock::now() + lifetime_) +
                   R"("})";
    } else {
      reply.status = 404;
    }
    return reply;
  }

  CredentialsProvider make() {
    return CredentialsProvider("instance-metadata", instance_metadata_fetcher(server_.base_url() + "/", {}));
  }

  std::atomic<int> fetches_{0};
  int token_status_ = 200;
  int role_status_ = 200;
  std::chrono::seconds lifetime_ = 1h;
  LoopbackHttpServer server_;
};

TEST_F(InstanceMetadataTest, ReadsTheRoleKeysOnceAndSharesThemBetweenThreads) {
  CredentialsProvider provider = make();
  std::vector<std::thread> threads;
  std::vector<sigv4::Credentials> got(4);
  for (size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&, i] { got[i] = provider.credentials().value(); });
  }
  for (auto& t : threads) t.join();
  for (const auto& keys : got) {
    EXPECT_EQ(keys.access_key_id, "AK1");
    EXPECT_EQ(keys.secret_access_key, "secret-1");
    EXPECT_EQ(keys.session_token, "token-1");
  }
  EXPECT_EQ(fetches_, 1);
}

TEST_F(InstanceMetadataTest, FetchesAgainWhenTheKeysAreAboutToExpire) {
  lifetime_ = 60s;  // inside the refresh margin: stale as soon as fetched
  CredentialsProvider provider = make();
  EXPECT_EQ(provider.credentials().value().access_key_id, "AK1");
  EXPECT_EQ(provider.credentials().value().access_key_id, "AK2");
  EXPECT_EQ(fetches_, 2);
}

TEST_F(InstanceMetadataTest, FallsBackToImdsV1WhenTheTokenCallIsNotKnown) {
  token_status_ = 405;
  EXPECT_EQ(make().credentials().value().access_key_id, "AK1");
}

TEST_F(InstanceMetadataTest, MissingRoleIsAnErrorNamingTheUrlAndStatus) {
  role_status_ = 404;
  auto keys = make().credentials();
  ASSERT_FALSE(keys);
  EXPECT_EQ(keys.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(keys.error().get("url"), server_.base_url() + "/latest/meta-data/iam/security-credentials/");
  EXPECT_NE(keys.error().to_string().find("HTTP 404"), std::string::npos);
  EXPECT_EQ(keys.error().to_string().find("session-token"), std::string::npos);
}

class WebIdentityTest : public ::testing::Test {
 protected:
  WebIdentityTest() : server_([this](const LoopbackHttpServer::Request& r) { return answer(r); }) {
    std::ofstream(token_file_) << "jwt-token\n";
  }
  ~WebIdentityTest() override { std::filesystem::remove(token_file_); }

  LoopbackHttpServer::Reply answer(const LoopbackHttpServer::Request& request) {
    LoopbackHttpServer::Reply reply;
    const bool well_formed =
        request.method == "POST" && request.body.find("Action=AssumeRoleWithWebIdentity") != std::string::npos &&
        request.body.find("RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fbackup") != std::string::npos &&
        request.body.find("WebIdentityToken=jwt-token") != std::string::npos;
    if (refuse_ || !well_formed) {
      reply.status = 403;
      reply.body = "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
                   "<Message>Not authorized</Message></Error></ErrorResponse>";
      return reply;
    }
    reply.body = "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                 "<AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>ASIA1</AccessKeyId>"
                 "<SecretAccessKey>sts-secret</SecretAccessKey><SessionToken>sts-token</SessionToken>"
                 "<Expiration>" +
                 iso8601(std::chrono::system_clock::now() + 1h) +
                 "</Expiration></Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>";
    return reply;
  }

  CredentialsProvider make() {
    WebIdentity identity{.token_file = token_file_.string(),
                         .role_arn = "arn:aws:iam::1:role/backup",
                         .session_name = "test",
                         .sts_url = server_.base_url() + "/"};
    return CredentialsProvider("web-identity", web_identity_fetcher(std::move(identity), {}));
  }

  std::filesystem::path token_file_ =
      std::filesystem::temp_directory_path() / ("mb-web-identity-" + std::to_string(::getpid()));
  bool refuse_ = false;
  LoopbackHttpServer server_;
};

TEST_F(WebIdentityTest, ExchangesTheTokenFileForKeys) {
  auto keys = make().credentials();
  ASSERT_TRUE(keys) << keys.error().to_string();
  EXPECT_EQ(keys->access_key_id, "ASIA1");
  EXPECT_EQ(keys->secret_access_key, "sts-secret");
  EXPECT_EQ(keys->session_token, "sts-token");
}

TEST_F(WebIdentityTest, RefusalNamesTheEndpointStatusAndCodeButNoToken) {
  refuse_ = true;
  auto keys = make().credentials();
  ASSERT_FALSE(keys);
  EXPECT_EQ(keys.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(keys.error().get("sts_endpoint"), server_.base_url() + "/");
  const std::string text = keys.error().to_string();
  EXPECT_NE(text.find("HTTP 403 AccessDenied"), std::string::npos) << text;
  EXPECT_EQ(text.find("jwt-token"), std::string::npos);
}

TEST(WebIdentityFromEnv, NeedsTokenFileAndRoleAndPicksTheRegionalSts) {
  ::unsetenv("AWS_WEB_IDENTITY_TOKEN_FILE");
  ::unsetenv("AWS_ENDPOINT_URL_STS");
  ::setenv("AWS_ROLE_ARN", "arn:aws:iam::1:role/backup", 1);
  EXPECT_FALSE(web_identity_from_env("eu-west-1"));
  ::setenv("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token", 1);
  EXPECT_EQ(web_identity_from_env("eu-west-1")->sts_url, "https://sts.eu-west-1.amazonaws.com");
  ::setenv("AWS_ENDPOINT_URL_STS", "http://sts.local:8080", 1);
  EXPECT_EQ(web_identity_from_env("eu-west-1")->sts_url, "http://sts.local:8080");
  ::unsetenv("AWS_WEB_IDENTITY_TOKEN_FILE");
  ::unsetenv("AWS_ENDPOINT_URL_STS");
  ::unsetenv("AWS_ROLE_ARN");
}

TEST(FixedCredentials, AreHandedOutAsTheyAre) {
  auto provider = CredentialsProvider::fixed({"AK", "SK", "TOKEN"});
  EXPECT_EQ(provider->identity(), "AK");
  EXPECT_EQ(provider->credentials().value().secret_access_key, "SK");
}

}  // namespace
}  // namespace mb::storage::s3
