// The server in-process on a free port, driven with an HTTP client: routing, the envelope, auth,
// limits, and the OpenAPI document against the registered routes. No Milvus: only answers that
// need none (the REST end-to-end runs are in tests/integration/test_server.py).
#include "server/rest_server.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>
#include <thread>

#include "server/auth_policy.h"
#include "server/openapi.h"
#include "util/random_id.h"

namespace mb::server {
namespace {

namespace fs = std::filesystem;

class RestServerTest : public ::testing::Test {
 protected:
  void start(std::string token = "", std::string host = "127.0.0.1") {
    dir_ = fs::temp_directory_path() / ("mb_server_" + random_uuid());
    fs::create_directories(dir_ / "backups");
    auto jobs = api::JobManager::open({.state_dir = dir_ / "state"});
    ASSERT_TRUE(jobs.has_value()) << jobs.error().to_string();
    jobs_ = std::move(*jobs);
    config::Loaded loaded;
    loaded.config.backup.storage.provider = "local";
    loaded.config.backup.storage.root_path = (dir_ / "backups").string();
    loaded.config.server.auth_token = std::move(token);
    auto server = RestServer::bind(std::move(loaded), *jobs_, {.host = host, .port = 0, .max_body_bytes = 1024});
    ASSERT_TRUE(server.has_value()) << server.error().to_string();
    server_ = std::move(*server);
    thread_ = std::thread([this] { (void)server_->serve(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    for (int i = 0; i < 200 && !client_->Get("/healthz"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }

  void TearDown() override {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
    jobs_.reset();
    fs::remove_all(dir_);
  }

  fs::path dir_;
  std::unique_ptr<api::JobManager> jobs_;
  std::unique_ptr<RestServer> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
};

nlohmann::json body_of(const httplib::Result& result) { return nlohmann::json::parse(result->body); }

TEST_F(RestServerTest, HelloAndHealth) {
  start();
  auto hello = client_->Get("/api/v1/hello");
  ASSERT_TRUE(hello);
  EXPECT_EQ(hello->status, 200);
  EXPECT_EQ(hello->body, "Hello, This is backup service");
  EXPECT_EQ(client_->Get("/")->body, "Hello, This is backup service");
  EXPECT_EQ(client_->Get("/healthz")->body, "OK");
}

// Issue 18: on 0.0.0.0 without a token anyone who reaches the port drives the server, silently.
TEST_F(RestServerTest, HealthzWarnsWhenOpenToAllWithoutAToken) {
  start("", "0.0.0.0");
  const auto health = client_->Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_TRUE(health->body.starts_with("OK\nwarning: listening on 0.0.0.0 without a token")) << health->body;
}

TEST_F(RestServerTest, HealthzHasNoWarningWithATokenOrOnLoopback) {
  start("secret", "0.0.0.0");
  EXPECT_EQ(client_->Get("/healthz")->body, "OK");
}

TEST(AuthPolicyTest, LoopbackAndWarnings) {
  EXPECT_TRUE(is_loopback_address("127.0.0.1"));
  EXPECT_TRUE(is_loopback_address("127.1.2.3"));
  EXPECT_TRUE(is_loopback_address("::1"));
  EXPECT_TRUE(is_loopback_address("[::1]"));
  EXPECT_TRUE(is_loopback_address("localhost"));
  EXPECT_FALSE(is_loopback_address("0.0.0.0"));
  EXPECT_FALSE(is_loopback_address("::"));
  EXPECT_FALSE(is_loopback_address("10.0.0.5"));
  EXPECT_FALSE(is_loopback_address("127example.com"));
  config::ServerConfig open_server;
  EXPECT_NE(exposure_warning("10.0.0.5", open_server).find("anyone who reaches the port"), std::string::npos);
  EXPECT_EQ(exposure_warning("127.0.0.1", open_server), "");
  config::ServerConfig with_token;
  with_token.auth_token = "t";
  EXPECT_EQ(exposure_warning("0.0.0.0", with_token), "");
}

TEST(AuthPolicyTest, AuthRequiredRefusesToStartWithoutAToken) {
  const fs::path dir = fs::temp_directory_path() / ("mb_server_" + random_uuid());
  auto jobs = api::JobManager::open({.state_dir = dir});
  ASSERT_TRUE(jobs);
  config::Loaded loaded;
  loaded.config.server.auth_required = true;
  auto refused = RestServer::bind(loaded, **jobs, {.host = "127.0.0.1", .port = 0});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConfig);
  EXPECT_NE(refused.error().message.find("server.auth.required is true but no token is set"), std::string::npos);
  loaded.config.server.auth_token = "t";
  auto bound = RestServer::bind(loaded, **jobs, {.host = "127.0.0.1", .port = 0});
  EXPECT_TRUE(bound) << bound.error().to_string();
  bound->reset();
  jobs->reset();
  fs::remove_all(dir);
}

TEST_F(RestServerTest, ListOfAnEmptyRootIsAnEmptyArray) {
  start();
  auto list = client_->Get("/api/v1/list", {{"request_id", "rid-1"}});
  ASSERT_TRUE(list);
  EXPECT_EQ(list->body, R"({"requestId":"rid-1","msg":"success","data":[]})");
  auto deprecated = client_->Get("/api/v1/list?collection_name=x");
  EXPECT_EQ(body_of(deprecated)["code"], 400);
}

TEST_F(RestServerTest, MalformedUnknownAndWrongTypedBodiesAre400) {
  start();
  for (const char* body : {"{", "[]", R"({"nope":1})", R"({"async":"yes"})"}) {
    auto res = client_->Post("/api/v1/create", body, "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << body;
    EXPECT_EQ(body_of(res)["code"], 400) << body;
    EXPECT_NE(body_of(res)["msg"].get<std::string>().find("invalid request body"), std::string::npos);
    auto restore = client_->Post("/api/v1/restore", body, "application/json");
    EXPECT_EQ(restore->status, 400) << body;
  }
}

TEST_F(RestServerTest, BadNamesAreParameterErrors) {
  start();
  for (const char* body : {R"({})", R"({"backup_name":""})", R"({"backup_name":"../x"})", R"({"backup_name":"a b"})"}) {
    auto res = client_->Post("/api/v1/create", body, "application/json");
    EXPECT_EQ(res->status, 200) << body;
    EXPECT_EQ(body_of(res)["code"], 400) << body;
  }
  auto root = client_->Post("/api/v1/create", R"({"backup_name":"ok","backup_root_path":"/etc"})", "application/json");
  EXPECT_EQ(body_of(root)["code"], 400);
  auto path = client_->Get("/api/v1/get_backup?backup_name=x&path=../../etc");
  EXPECT_EQ(body_of(path)["code"], 400);
}

TEST_F(RestServerTest, HugeBodyIs413WithoutRunningAnything) {
  start();
  const std::string huge = R"({"backup_name":")" + std::string(4096, 'a') + R"("})";
  auto res = client_->Post("/api/v1/create", huge, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_TRUE(jobs_->snapshot().empty());
}

TEST_F(RestServerTest, GoToolsAnswersForMissingThings) {
  start();
  EXPECT_EQ(client_->Get("/api/v1/get_restore", {{"request_id", "r"}})->body,
            R"({"requestId":"r","code":3,"msg":"empty restore id","data":null})");
  auto unknown = body_of(client_->Get("/api/v1/get_restore?id=nope"));
  EXPECT_EQ(unknown["code"], 3);
  EXPECT_EQ(unknown["msg"], "task not found");
  auto no_name = body_of(client_->Get("/api/v1/get_backup"));
  EXPECT_EQ(no_name["code"], 400);
  auto missing = body_of(client_->Get("/api/v1/get_backup?backup_name=never_made"));
  EXPECT_EQ(missing["code"], 404);
  auto by_id = body_of(client_->Get("/api/v1/get_backup?backup_id=nope"));
  EXPECT_EQ(by_id["code"], 404);
  auto del = client_->Delete("/api/v1/delete");
  EXPECT_EQ(del->body.find("\"data\""), std::string::npos);
  EXPECT_EQ(body_of(del)["code"], 400);
  EXPECT_EQ(body_of(client_->Delete("/api/v1/delete?backup_name=never_made"))["code"], 404);
  // The Go tool passes its get_backup answer on: Fail, "not found", with the request id.
  auto restore = body_of(client_->Post("/api/v1/restore", {{"request_id", "rid"}}, R"({"backup_name":"never_made"})",
                                       "application/json"));
  EXPECT_EQ(restore["code"], 3);
  EXPECT_EQ(restore["msg"], "not found");
  EXPECT_EQ(restore["requestId"], "rid");
  auto nothing = client_->Get("/api/v1/nothing");
  EXPECT_EQ(nothing->status, 404);
  EXPECT_EQ(body_of(nothing)["code"], 404);
}

TEST_F(RestServerTest, UnsupportedRestoreFeaturesAreNotSupport) {
  start();
  auto res = body_of(client_->Post("/api/v1/restore", R"({"backup_name":"b","maxShardNum":3})", "application/json"));
  EXPECT_EQ(res["code"], 1);
  EXPECT_NE(res["msg"].get<std::string>().find("maxShardNum"), std::string::npos);
}

TEST_F(RestServerTest, TokenGuardsEverythingButHealth) {
  start("t0ken");
  EXPECT_EQ(client_->Get("/healthz")->status, 200);
  for (const httplib::Headers& headers : {httplib::Headers{}, httplib::Headers{{"Authorization", "Bearer wrong"}},
                                          httplib::Headers{{"Authorization", "t0ken"}}}) {
    auto res = client_->Get("/api/v1/list", headers);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401);
    EXPECT_EQ(body_of(res)["code"], 2);
    EXPECT_EQ(client_->Get("/metrics", headers)->status, 401);
    // Refused before the body is read or parsed.
    EXPECT_EQ(client_->Post("/api/v1/create", headers, R"({"backup_name":"x"})", "application/json")->status, 401);
  }
  EXPECT_TRUE(jobs_->snapshot().empty());
  auto ok = client_->Get("/api/v1/list", {{"Authorization", "Bearer t0ken"}});
  EXPECT_EQ(ok->status, 200);
}

TEST_F(RestServerTest, OpenApiDocumentsExactlyTheRoutes) {
  start();
  auto res = client_->Get("/api/v1/openapi.json");
  ASSERT_TRUE(res);
  const auto doc = nlohmann::json::parse(res->body);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  std::set<std::pair<std::string, std::string>> documented;
  for (const auto& [path, methods] : doc["paths"].items()) {
    for (const auto& [method, op] : methods.items()) {
      std::string upper = method;
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.insert({upper, path});
    }
  }
  std::set<std::pair<std::string, std::string>> served;
  for (const auto& route : server_->routes()) served.insert({route.method, route.path});
  EXPECT_EQ(documented, served);
}

TEST_F(RestServerTest, MetricsCountRequestsByRoute) {
  start();
  ASSERT_TRUE(client_->Get("/api/v1/hello"));
  ASSERT_TRUE(client_->Get("/some/random/path"));
  // A request is counted after its response is written, and each request above may be served by another
  // thread, so either count may trail its answer for a while on a loaded machine.
  const std::string hello_line =
      R"(milvus_backup_http_requests_total{method="GET",route="/api/v1/hello",status="200"} 1)";
  const std::string not_found_line = R"(route="other",status="404"} 1)";
  const auto counted_both = [&](const httplib::Result& r) {
    return r && r->body.find(hello_line) != std::string::npos && r->body.find(not_found_line) != std::string::npos;
  };
  auto res = client_->Get("/metrics");
  for (int i = 0; i < 1000 && !counted_both(res); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    res = client_->Get("/metrics");
  }
  ASSERT_TRUE(res);
  EXPECT_NE(res->body.find(R"(milvus_backup_jobs{kind="backup",state="executing"} 0)"), std::string::npos);
  EXPECT_NE(res->body.find(hello_line), std::string::npos);
  EXPECT_NE(res->body.find(not_found_line), std::string::npos);
  EXPECT_EQ(res->body.find("/some/random/path"), std::string::npos);
}

}  // namespace
}  // namespace mb::server
