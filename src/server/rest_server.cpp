#include "server/rest_server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>

#include "util/bearer_token.h"
#include "server/auth_policy.h"
#include "server/envelope.h"
#include "server/routes_backup.h"
#include "server/routes_restore.h"
#include "server/routes_verify.h"
#include "server/routes_service.h"
#include "server/server_context.h"

namespace mb::server {
namespace {

// httplib runs pre-routing, the handler, the write and the logger on one thread per request, so
// the start time travels in a thread-local.
thread_local std::chrono::steady_clock::time_point g_request_start;

Result<std::unique_ptr<httplib::Server>> make_http(const ServerOptions& options) {
  if (options.tls_cert_path.empty() != options.tls_key_path.empty()) {
    return fail(ErrorCode::kInvalidArgument, "HTTPS needs both a certificate and a private key");
  }
  if (options.tls_cert_path.empty()) return std::make_unique<httplib::Server>();
  for (const auto& path : {options.tls_cert_path, options.tls_key_path}) {
    if (!std::filesystem::is_regular_file(path)) return fail(ErrorCode::kInvalidArgument, "no such file: " + path);
  }
  auto https = std::make_unique<httplib::SSLServer>(options.tls_cert_path.c_str(), options.tls_key_path.c_str());
  if (!https->is_valid()) {
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("cannot use the TLS certificate {} with the key {}", options.tls_cert_path,
                            options.tls_key_path));
  }
  return std::unique_ptr<httplib::Server>(std::move(https));
}

// Answers httplib's own errors (no route, body too large) in the envelope instead of an empty body.
void describe_http_error(const httplib::Request& req, httplib::Response& res, size_t max_body_bytes) {
  std::string msg;
  switch (res.status) {
    case 404: msg = fmt::format("no route {} {}", req.method, req.path); break;
    case 413: msg = fmt::format("request body larger than {} bytes", max_body_bytes); break;
    default: msg = fmt::format("HTTP {}", res.status); break;
  }
  const auto code = res.status == 404 ? ResponseCode::kNotFound : ResponseCode::kParameterError;
  reply(res, {.code = code, .msg = msg}, res.status);
}

}  // namespace

Result<std::unique_ptr<RestServer>> RestServer::bind(config::Loaded loaded, api::JobManager& jobs,
                                                     const ServerOptions& options) {
  MB_CHECK(check_auth_required(loaded.config.server));
  MB_TRY(http, make_http(options));
  std::unique_ptr<RestServer> server(new RestServer());
  server->http_ = std::move(http);
  const std::string warning = exposure_warning(options.host, loaded.config.server);
  if (!warning.empty()) spdlog::warn("{}", warning);
  server->context_.reset(new ServerContext{.loaded = std::move(loaded), .jobs = jobs, .exposure_warning = warning});
  server->router_ = std::make_unique<Router>(*server->http_);
  add_service_routes(*server->router_, *server->context_);
  add_backup_routes(*server->router_, *server->context_);
  add_restore_routes(*server->router_, *server->context_);
  add_verify_routes(*server->router_, *server->context_);

  auto& http_server = *server->http_;
  http_server.set_payload_max_length(options.max_body_bytes);
  const std::string token = server->context_->loaded.config.server.auth_token;
  http_server.set_pre_routing_handler([token](const httplib::Request& req, httplib::Response& res) {
    g_request_start = std::chrono::steady_clock::now();
    if (token.empty() || req.path == "/healthz") return httplib::Server::HandlerResponse::Unhandled;
    if (bearer_token_matches(req.get_header_value("Authorization"), token)) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    res.set_header("WWW-Authenticate", "Bearer");
    reply(res, {.code = ResponseCode::kNoPermission, .msg = "missing or wrong bearer token"}, 401);
    return httplib::Server::HandlerResponse::Handled;
  });
  const size_t max_body = options.max_body_bytes;
  http_server.set_error_handler([max_body](const httplib::Request& req, httplib::Response& res) {
    if (res.body.empty()) describe_http_error(req, res, max_body);
  });
  http_server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr e) {
    // Library code returns errors as values; an exception here is a bug, reported without detail.
    std::string what = "unknown";
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      what = ex.what();
    } catch (...) {
    }
    spdlog::error("unhandled exception in {} {}: {}", req.method, req.path, what);
    reply(res, {.code = ResponseCode::kFail, .msg = "internal error"}, 500);
  });
  ServerContext* context = server->context_.get();
  Router* router = server->router_.get();
  http_server.set_logger([context, router](const httplib::Request& req, const httplib::Response& res) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - g_request_start).count();
    context->http_metrics.record(req.method, router->route_label(req.path), res.status, seconds);
    const auto level = req.method == "GET" && res.status < 400 ? spdlog::level::debug : spdlog::level::info;
    spdlog::log(level, "{} {} {} {:.3f}s", req.method, req.path, res.status, seconds);
  });

  if (options.port == 0) {
    server->port_ = http_server.bind_to_any_port(options.host);
  } else if (http_server.bind_to_port(options.host, options.port)) {
    server->port_ = options.port;
  } else {
    server->port_ = -1;
  }
  if (server->port_ <= 0) {
    return fail(ErrorCode::kUnavailable, fmt::format("cannot listen on {}:{}", options.host, options.port));
  }
  return server;
}

RestServer::~RestServer() = default;

const std::vector<Route>& RestServer::routes() const { return router_->routes(); }

Status RestServer::serve() {
  if (!http_->listen_after_bind()) return fail(ErrorCode::kUnavailable, "the HTTP server stopped with an error");
  return {};
}

void RestServer::stop() { http_->stop(); }

}  // namespace mb::server
