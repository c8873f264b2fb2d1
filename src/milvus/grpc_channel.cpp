#include "milvus/grpc_channel.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include <fstream>
#include <limits>
#include <sstream>

namespace mb::milvus {
namespace {

Result<std::string> read_pem(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  if (in) content << in.rdbuf();
  if (!in || content.str().empty()) {
    return fail(Error(ErrorCode::kConfig, "cannot read the " + std::string(what) + " for TLS to Milvus")
                    .with("path", path));
  }
  return content.str();
}

Result<std::shared_ptr<grpc::ChannelCredentials>> credentials(const config::MilvusConfig& config) {
  if (config.tls_mode == config::TlsMode::kDisabled) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions ssl;
  // Without a CA file the system roots verify the server, as with the Go tool.
  if (!config.ca_cert_path.empty()) {
    MB_TRY(ca, read_pem(config.ca_cert_path, "CA certificate (milvus.grpc.caCertPath)"));
    ssl.pem_root_certs = std::move(ca);
  }
  if (config.tls_mode == config::TlsMode::kMutual) {
    MB_TRY(cert, read_pem(config.mtls_cert_path, "client certificate (milvus.grpc.mtlsCertPath)"));
    MB_TRY(key, read_pem(config.mtls_key_path, "client key (milvus.grpc.mtlsKeyPath)"));
    ssl.pem_cert_chain = std::move(cert);
    ssl.pem_private_key = std::move(key);
  }
  return grpc::SslCredentials(ssl);
}

grpc::ChannelArguments channel_arguments(const config::MilvusConfig& config) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(std::numeric_limits<int>::max());
  // Pings find a dead connection during long calls. Milvus's proxy lets clients ping every 5 s
  // even without calls; 10 s stays clear of that limit.
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 10'000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10'000);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  args.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  // Reconnect quickly after a restart of Milvus (gRPC's defaults wait up to 2 minutes).
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 3'000);
  if (config.tls_mode != config::TlsMode::kDisabled && !config.server_name.empty()) {
    args.SetSslTargetNameOverride(config.server_name);
  }
  return args;
}

}  // namespace

std::string grpc_target(const config::MilvusConfig& config) {
  const std::string& host = config.grpc_address;
  const bool bare_ipv6 = host.find(':') != std::string::npos && !host.starts_with('[');
  return (bare_ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(config.grpc_port);
}

Result<std::shared_ptr<grpc::Channel>> make_channel(const config::MilvusConfig& config) {
  MB_TRY(creds, credentials(config));
  return grpc::CreateCustomChannel(grpc_target(config), creds, channel_arguments(config));
}

}  // namespace mb::milvus
