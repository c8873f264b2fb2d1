// Serves the gRPC BackupService on its own port, beside the REST server, over the same
// milvus_backup::Service (so both see the same jobs). Plaintext, as the REST server without TLS.
#pragma once

#include <memory>
#include <string>

#include "milvus_backup/service.h"

namespace grpc {
class Server;
}

namespace mb::server {

class BackupService;

struct GrpcServerOptions {
  std::string host = "0.0.0.0";
  int port = 0;  // 0: any free port (tests)
  std::string auth_token{};  // empty: no auth
  // PEM files; both set: TLS (the REST server's certificate), both empty: plaintext.
  std::string tls_cert_path{};
  std::string tls_key_path{};
};

class GrpcServer {
 public:
  // Binds the port and starts serving on gRPC's own threads. Error(kUnavailable) when the port
  // cannot be bound, Error(kConfig) when a TLS file cannot be read.
  static Result<std::unique_ptr<GrpcServer>> start(milvus_backup::Service& service, const GrpcServerOptions& options);
  // Stops: calls still open (a watch, a create that waits) are cancelled.
  ~GrpcServer();
  GrpcServer(const GrpcServer&) = delete;
  GrpcServer& operator=(const GrpcServer&) = delete;

  int port() const { return port_; }

 private:
  GrpcServer() = default;

  std::unique_ptr<BackupService> handlers_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace mb::server
