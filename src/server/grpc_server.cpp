#include "server/grpc_server.h"

#include <fmt/format.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string_view>

#include "server/grpc_backup_service.h"

namespace mb::server {
namespace {

// Open calls get this long to finish before they are cancelled; waits notice within their tick.
constexpr auto kShutdownGrace = std::chrono::seconds(1);

Result<std::string> read_pem(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  if (!(in && content << in.rdbuf())) {
    return fail(Error(ErrorCode::kConfig, fmt::format("cannot read the TLS {} for gRPC", what)).with("path", path));
  }
  return content.str();
}

// TLS with the REST server's certificate when one is configured, so that a bearer token never
// crosses the network in clear on either API.
Result<std::shared_ptr<grpc::ServerCredentials>> server_credentials(const GrpcServerOptions& options) {
  if (options.tls_cert_path.empty() && options.tls_key_path.empty()) return grpc::InsecureServerCredentials();
  if (options.tls_cert_path.empty() || options.tls_key_path.empty()) {
    return fail(ErrorCode::kConfig, "gRPC TLS needs both a certificate and a key");
  }
  MB_TRY(cert, read_pem(options.tls_cert_path, "certificate"));
  MB_TRY(key, read_pem(options.tls_key_path, "key"));
  grpc::SslServerCredentialsOptions ssl;
  ssl.pem_key_cert_pairs.push_back({.private_key = std::move(key), .cert_chain = std::move(cert)});
  return grpc::SslServerCredentials(ssl);
}

}  // namespace

Result<std::unique_ptr<GrpcServer>> GrpcServer::start(milvus_backup::Service& service,
                                                      const GrpcServerOptions& options) {
  std::unique_ptr<GrpcServer> server(new GrpcServer());
  server->handlers_ = std::make_unique<BackupService>(service, options.auth_token);
  // IPv6 literals need brackets in a gRPC address (unless given with them).
  const bool bare_ipv6 = options.host.find(':') != std::string::npos && !options.host.starts_with('[');
  const std::string address = bare_ipv6 ? fmt::format("[{}]:{}", options.host, options.port)
                                        : fmt::format("{}:{}", options.host, options.port);
  MB_TRY(credentials, server_credentials(options));
  grpc::ServerBuilder builder;
  builder.AddListeningPort(address, credentials, &server->port_);
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
