// The REST server: the Go tool's /api/v1 routes plus /healthz, /metrics and the OpenAPI document,
// over HTTP or HTTPS, with optional bearer-token auth and a request body size limit.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "api/job_manager.h"
#include "config/loader.h"
#include "server/router.h"
#include "util/error.h"

namespace httplib {
class Server;
}

namespace mb::server {

struct ServerContext;

struct ServerOptions {
  std::string host = "0.0.0.0";
  int port = 8080;  // 0: any free port (tests)
  // HTTPS when both are set; PEM files.
  std::string tls_cert_path{};
  std::string tls_key_path{};
  size_t max_body_bytes = 1 << 20;  // larger bodies are answered 413 without being read
};

class RestServer {
 public:
  // Builds the routes and binds the port. Error(kInvalidArgument) for a bad TLS pair,
  // Error(kUnavailable) when the port cannot be bound. Auth is on when config.server.auth_token
  // (or MILVUS_BACKUP_SERVER_TOKEN) is set; /healthz is always open. Error(kConfig) when
  // server.auth.required is set without a token; without a token on a non-loopback host it logs a
  // warning, which /healthz repeats.
  static Result<std::unique_ptr<RestServer>> bind(config::Loaded loaded, api::JobManager& jobs,
                                                  const ServerOptions& options);
  ~RestServer();

  int port() const { return port_; }
  const std::vector<Route>& routes() const;

  // Serves until stop() is called from another thread.
  Status serve();
  void stop();

 private:
  RestServer() = default;

  std::unique_ptr<httplib::Server> http_;
  std::unique_ptr<ServerContext> context_;
  std::unique_ptr<Router> router_;
  int port_ = 0;
};

}  // namespace mb::server
