// HttpClient against an in-process HTTP server on the loopback interface.
#include "util/http_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "loopback_http_server.h"
#include "util/retry.h"

namespace mb::http {
namespace {

Request make_request(std::string method, std::string url, std::string_view body = {}) {
  Request request;
  request.method = std::move(method);
  request.url = std::move(url);
  request.body = body;
  return request;
}

using Server = mb::testing::LoopbackHttpServer;

Server::Reply route(const Server::Request& req) {
  Server::Reply reply;
  if (req.target == "/hello" && (req.method == "GET" || req.method == "HEAD")) {
    reply.headers = {{"X-Echo", req.header("X-Test")}};
    reply.body = "hello world";
  } else if (req.target == "/missing") {
    reply.status = 404;
    reply.body = "<Error><Code>NoSuchKey</Code></Error>";
  } else if (req.target == "/echo") {
    reply.headers = {{"X-Length", std::to_string(req.body.size())}, {"X-Method", req.method}};
    reply.body = req.body;
  } else if (req.target == "/thing" && req.method == "DELETE") {
    reply.status = 204;
  } else if (req.target == "/big") {
    reply.body = std::string(100, 'x');
  } else if (req.target == "/drop") {
    reply.drop_connection = true;
  } else {
    reply.status = 400;
  }
  return reply;
}

class HttpClientTest : public ::testing::Test {
 protected:
  std::string url(std::string_view path) const { return server_.base_url() + std::string(path); }
  Server server_{route};
};

TEST_F(HttpClientTest, GetIntoMemoryWithHeaders) {
  HttpClient client;
  auto response = client.send([&] { auto r = make_request("GET", url("/hello")); r.headers = {{"X-Test", "42"}}; return r; }());
  ASSERT_TRUE(response) << response.error().to_string();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "hello world");
  EXPECT_EQ(response->header("x-echo"), "42");  // case-insensitive lookup
  EXPECT_EQ(response->header("Content-Length"), "11");
}

TEST_F(HttpClientTest, ErrorStatusIsAResponseNotAnError) {
  HttpClient client;
  auto response = client.send(make_request("GET", url("/missing")));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 404);
  EXPECT_NE(response->body.find("NoSuchKey"), std::string::npos);
}

TEST_F(HttpClientTest, HeadHasNoBody) {
  HttpClient client;
  auto response = client.send(make_request("HEAD", url("/hello")));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_TRUE(response->body.empty());
  EXPECT_EQ(response->header("content-length"), "11");
}

TEST_F(HttpClientTest, PutAndPostMemoryBodies) {
  HttpClient client;
  const std::string payload(300'000, 'p');
  auto put = client.send(make_request("PUT", url("/echo"), payload));
  ASSERT_TRUE(put);
  EXPECT_EQ(put->header("X-Length"), "300000");
  EXPECT_EQ(put->body, payload);
  auto post = client.send(make_request("POST", url("/echo"), "<Delete/>"));
  ASSERT_TRUE(post);
  EXPECT_EQ(post->header("X-Method"), "POST");
  EXPECT_EQ(post->body, "<Delete/>");
  auto empty_put = client.send(make_request("PUT", url("/echo")));
  ASSERT_TRUE(empty_put);
  EXPECT_EQ(empty_put->header("X-Length"), "0");
}

TEST_F(HttpClientTest, StreamedUploadFromACallback) {
  HttpClient client;
  uint64_t produced = 0;
  const uint64_t total = 1'000'003;
  Request request = make_request("PUT", url("/echo"));
  request.body_size = total;
  request.body_reader = [&](std::span<std::byte> out) -> Result<size_t> {
    const size_t n = std::min<uint64_t>(out.size(), total - produced);
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<std::byte>('a' + (produced + i) % 26);
    produced += n;
    return n;
  };
  auto response = client.send(request);
  ASSERT_TRUE(response) << response.error().to_string();
  EXPECT_EQ(response->header("X-Length"), "1000003");
  ASSERT_EQ(response->body.size(), total);
  EXPECT_EQ(response->body[26 * 1000 + 3], 'd');
}

TEST_F(HttpClientTest, AFailingBodyReaderFailsTheRequestWithItsError) {
  HttpClient client;
  Request request = make_request("PUT", url("/echo"));
  request.body_size = 10;
  request.body_reader = [](std::span<std::byte>) -> Result<size_t> { return fail(ErrorCode::kIo, "disk read failed"); };
  auto response = client.send(request);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, ErrorCode::kIo);
  EXPECT_NE(response.error().message.find("disk read failed"), std::string::npos);
}

TEST_F(HttpClientTest, DownloadIntoACallersBufferIsBounded) {
  HttpClient client;
  std::vector<std::byte> exact(100);
  auto fits = client.send(make_request("GET", url("/big")), exact);
  ASSERT_TRUE(fits);
  EXPECT_EQ(fits->body_size, 100u);
  EXPECT_TRUE(fits->body.empty());
  EXPECT_EQ(exact[99], std::byte{'x'});

  std::vector<std::byte> small(10);
  auto overflow = client.send(make_request("GET", url("/big")), small);
  ASSERT_FALSE(overflow);
  EXPECT_NE(overflow.error().message.find("larger than expected"), std::string::npos);

  // An error body is kept for the caller to read, not written into its buffer.
  auto missing = client.send(make_request("GET", url("/missing")), small);
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_NE(missing->body.find("NoSuchKey"), std::string::npos);
}

TEST_F(HttpClientTest, DeleteMethod) {
  HttpClient client;
  auto response = client.send(make_request("DELETE", url("/thing")));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 204);
}

TEST_F(HttpClientTest, ManyThreadsShareOneClient) {
  HttpClient client;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        auto r = client.send(make_request("GET", url("/hello")));
        if (r && r->body == "hello world") ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 160);
}

TEST(HttpClientTransport, RefusedConnectionIsUnavailableAndNotSent) {
  int port = 0;
  {
    Server closed(route);  // a port that was just free and is closed again
    port = closed.port();
  }
  HttpClient client;
  auto response = client.send(
      make_request("GET", "http://user:pw@127.0.0.1:" + std::to_string(port) + "/k?X-Amz-Signature=abc&uploadId=7"));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(response.error().get(retry::kRequestSentKey), "no");
  const std::string text = response.error().to_string();
  EXPECT_NE(text.find("GET http://127.0.0.1:"), std::string::npos);
  EXPECT_EQ(text.find("pw"), std::string::npos);
  EXPECT_EQ(text.find("abc"), std::string::npos);
  EXPECT_NE(text.find("uploadId=7"), std::string::npos);
}

TEST_F(HttpClientTest, ConnectionDroppedAfterTheRequestIsUnavailableAndMayHaveBeenSent) {
  HttpClient client;
  auto response = client.send(make_request("GET", url("/drop")));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(response.error().get(retry::kRequestSentKey), "");
  EXPECT_TRUE(retry::should_retry(response.error(), retry::Replay::kIdempotent));
  EXPECT_FALSE(retry::should_retry(response.error(), retry::Replay::kNotIdempotent));
}

TEST(HttpClientRedact, DropsUserInfoAndMasksSecretQueryValues) {
  EXPECT_EQ(HttpClient::redact_url("https://u:p@host:9000/b/k?uploadId=1&sig=xyz&X-Amz-Credential=AK"),
            "https://host:9000/b/k?uploadId=1&sig=***&X-Amz-Credential=***");
  EXPECT_EQ(HttpClient::redact_url("http://host/a@b"), "http://host/a@b");
  EXPECT_EQ(HttpClient::redact_url("http://host/k"), "http://host/k");
}

}  // namespace
}  // namespace mb::http
