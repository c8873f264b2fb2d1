#include "milvus/management_client.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace mb::milvus {
namespace {

// Milvus's management port, as far as GC pause/resume and health go.
class FakeManagementServer {
 public:
  FakeManagementServer() {
    server_.Get("/management/datacoord/garbage_collection/pause", [this](const auto& req, auto& res) {
      record(req);
      res.status = pause_status;
      res.set_content(pause_body, "application/json");
    });
    server_.Get("/management/datacoord/garbage_collection/resume", [this](const auto& req, auto& res) {
      record(req);
      res.status = resume_status;
      res.set_content(R"({"msg": "OK"})", "application/json");
    });
    server_.Get("/healthz", [this](const auto& req, auto& res) {
      record(req);
      res.set_content(health_body, "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FakeManagementServer() {
    server_.stop();
    thread_.join();
  }

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<httplib::Params> queries() {
    std::lock_guard lock(mutex_);
    return queries_;
  }

  int pause_status = 200;
  std::string pause_body = R"({"msg": "OK"})";
  int resume_status = 200;
  std::string health_body = "OK";

 private:
  void record(const httplib::Request& request) {
    std::lock_guard lock(mutex_);
    queries_.push_back(request.params);
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<httplib::Params> queries_;
};

std::string param(const httplib::Params& params, const std::string& key) {
  auto it = params.find(key);
  return it == params.end() ? "<absent>" : it->second;
}

TEST(ManagementClientTest, ClusterPauseSendsSecondsAndReturnsNoTicket) {
  FakeManagementServer server;
  ManagementClient client(server.endpoint());
  auto ticket = client.pause_gc(3600);
  ASSERT_TRUE(ticket.has_value()) << ticket.error().to_string();
  EXPECT_FALSE(ticket->has_value());
  ASSERT_EQ(server.queries().size(), 1u);
  EXPECT_EQ(param(server.queries()[0], "pause_seconds"), "3600");
  EXPECT_EQ(param(server.queries()[0], "collection_id"), "<absent>");
}

TEST(ManagementClientTest, CollectionPauseReturnsTheTicketThatResumeSendsBack) {
  FakeManagementServer server;
  server.pause_body = R"({"msg": "OK", "ticket": "eyJ0b2tlbiI6ImFiYyJ9+/="})";
  ManagementClient client(server.endpoint() + "/");
  auto ticket = client.pause_gc(600, 4711);
  ASSERT_TRUE(ticket.has_value());
  ASSERT_TRUE(ticket->has_value());
  EXPECT_EQ(**ticket, "eyJ0b2tlbiI6ImFiYyJ9+/=");
  EXPECT_EQ(param(server.queries()[0], "collection_id"), "4711");

  ASSERT_TRUE(client.resume_gc(*ticket).has_value());
  EXPECT_EQ(param(server.queries()[1], "ticket"), "eyJ0b2tlbiI6ImFiYyJ9+/=") << "the ticket survives URL encoding";
}

TEST(ManagementClientTest, ClusterResumeSendsNoTicket) {
  FakeManagementServer server;
  ManagementClient client(server.endpoint());
  ASSERT_TRUE(client.resume_gc().has_value());
  EXPECT_EQ(param(server.queries()[0], "ticket"), "<absent>");
}

TEST(ManagementClientTest, AnHttpErrorNamesTheUrlAndStatus) {
  FakeManagementServer server;
  server.pause_status = 404;
  server.pause_body = "404 page not found";
  ManagementClient client(server.endpoint());
  auto ticket = client.pause_gc(60);
  ASSERT_FALSE(ticket.has_value());
  EXPECT_EQ(ticket.error().code, ErrorCode::kMilvus);
  EXPECT_EQ(ticket.error().get("http_status"), "404");
  EXPECT_EQ(ticket.error().get("url"),
            server.endpoint() + "/management/datacoord/garbage_collection/pause?pause_seconds=60");
  EXPECT_NE(ticket.error().message.find("404 page not found"), std::string::npos);

  server.resume_status = 500;
  auto resumed = client.resume_gc(std::string("t"));
  ASSERT_FALSE(resumed.has_value());
  EXPECT_EQ(resumed.error().get("http_status"), "500");
}

TEST(ManagementClientTest, HealthReadsOk) {
  FakeManagementServer server;
  ManagementClient client(server.endpoint());
  EXPECT_TRUE(client.healthy().value());
  server.health_body = "component not ready";
  EXPECT_FALSE(client.healthy().value());
}

TEST(ManagementClientTest, AnUnreachableEndpointIsUnavailableAndNamed) {
  std::string endpoint;
  {
    FakeManagementServer server;  // a port that was just free and is closed again
    endpoint = server.endpoint();
  }
  ManagementClient client(endpoint, std::chrono::milliseconds(500));
  auto healthy = client.healthy();
  ASSERT_FALSE(healthy.has_value());
  EXPECT_EQ(healthy.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(healthy.error().get("url"), endpoint + "/healthz");
}

TEST(ManagementClientTest, ANonHttpEndpointIsAConfigError) {
  ManagementClient client("localhost:9091");
  auto healthy = client.healthy();
  ASSERT_FALSE(healthy.has_value());
  EXPECT_EQ(healthy.error().code, ErrorCode::kConfig);
}

}  // namespace
}  // namespace mb::milvus
