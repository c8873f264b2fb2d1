#include "server/grpc_server.h"

#include <fmt/format.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <chrono>

#include "server/grpc_backup_service.h"

namespace mb::server {
namespace {

// Open calls get this long to finish before they are cancelled; waits notice within their tick.
constexpr auto kShutdownGrace = std::chrono::seconds(1);

}  // namespace

Result<std::unique_ptr<GrpcServer>> GrpcServer::start(milvus_backup::Service& service,
                                                      const GrpcServerOptions& options) {
  std::unique_ptr<GrpcServer> server(new GrpcServer());
  server->handlers_ = std::make_unique<BackupService>(service, options.auth_token);
  // IPv6 literals need brackets in a gRPC address.
  const std::string address = options.host.find(':') == std::string::npos
                                  ? fmt::format("{}:{}", options.host, options.port)
                                  : fmt::format("[{}]:{}", options.host, options.port);
  grpc::ServerBuilder builder;
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(), &server->port_);
  builder.RegisterService(server->handlers_.get());
  server->server_ = builder.BuildAndStart();
  if (!server->server_ || server->port_ <= 0) {
    return fail(ErrorCode::kUnavailable, fmt::format("cannot serve gRPC on {}", address));
  }
  return server;
}

GrpcServer::~GrpcServer() {
  server_->Shutdown(std::chrono::system_clock::now() + kShutdownGrace);
  server_->Wait();
}

}  // namespace mb::server
