#include "milvus/grpc_channel.h"

#include <grpcpp/security/server_credentials.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "fake_milvus_service.h"
#include "milvus/grpc_milvus_client.h"

namespace mb::milvus {
namespace {

namespace fs = std::filesystem;

TEST(GrpcChannelTest, TargetIsHostColonPortWithIpv6InBrackets) {
  config::MilvusConfig config;
  config.grpc_address = "milvus.example.com";
  config.grpc_port = 19530;
  EXPECT_EQ(grpc_target(config), "milvus.example.com:19530");
  config.grpc_address = "::1";
  EXPECT_EQ(grpc_target(config), "[::1]:19530");
  config.grpc_address = "[fe80::1]";
  EXPECT_EQ(grpc_target(config), "[fe80::1]:19530");
}

TEST(GrpcChannelTest, PlainChannelNeedsNoFiles) { EXPECT_TRUE(make_channel(config::MilvusConfig()).has_value()); }

TEST(GrpcChannelTest, UnreadableTlsFilesAreConfigErrorsNamingThePath) {
  config::MilvusConfig config;
  config.tls_mode = config::TlsMode::kServer;
  config.ca_cert_path = "/nonexistent/ca.pem";
  auto channel = make_channel(config);
  ASSERT_FALSE(channel.has_value());
  EXPECT_EQ(channel.error().code, ErrorCode::kConfig);
  EXPECT_EQ(channel.error().get("path"), "/nonexistent/ca.pem");

  config.tls_mode = config::TlsMode::kMutual;
  config.ca_cert_path.clear();
  config.mtls_cert_path = "/nonexistent/client.pem";
  channel = make_channel(config);
  ASSERT_FALSE(channel.has_value());
  EXPECT_EQ(channel.error().get("path"), "/nonexistent/client.pem");
}

// A CA, a server certificate for "milvus.test" and a client certificate, made with the openssl CLI.
class TlsFiles {
 public:
  TlsFiles() : dir_(fs::temp_directory_path() / ("mb-milvus-tls-" + std::to_string(::getpid()))) {
    fs::create_directories(dir_);
    const std::string d = dir_.string();
    const std::string script =
        "cd " + d + " && " +
        "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 1 -subj /CN=test-ca && " +
        "openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=milvus.test && " +
        "printf 'subjectAltName=DNS:milvus.test' > san.ext && " +
        "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 1 "
        "-extfile san.ext && " +
        "openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj /CN=backup && " +
        "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days 1";
    ok_ = std::system(("(" + script + ") > /dev/null 2>&1").c_str()) == 0;
  }
  ~TlsFiles() { fs::remove_all(dir_); }

  bool ok() const { return ok_; }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string read(const std::string& name) const {
    std::ifstream in(path(name));
    std::stringstream content;
    content << in.rdbuf();
    return content.str();
  }

 private:
  fs::path dir_;
  bool ok_ = false;
};

std::shared_ptr<grpc::ServerCredentials> server_tls(const TlsFiles& files, bool require_client_cert) {
  grpc::SslServerCredentialsOptions options(require_client_cert
                                                ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
                                                : GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  options.pem_root_certs = files.read("ca.pem");
  options.pem_key_cert_pairs.push_back({files.read("server.key"), files.read("server.pem")});
  return grpc::SslServerCredentials(options);
}

config::MilvusConfig tls_config(const TlsFiles& files, int port, config::TlsMode mode) {
  config::MilvusConfig config;
  config.grpc_address = "127.0.0.1";
  config.grpc_port = port;
  config.tls_mode = mode;
  config.ca_cert_path = files.path("ca.pem");
  config.server_name = "milvus.test";  // the certificate does not name 127.0.0.1
  return config;
}

GrpcClientOptions quick_failure() {
  GrpcClientOptions options;
  options.rpc_timeout = std::chrono::seconds(5);
  options.retry.max_attempts = 1;
  return options;
}

TEST(GrpcChannelTest, ServerTlsVerifiesAgainstTheCaUnderTheOverriddenName) {
  TlsFiles files;
  ASSERT_TRUE(files.ok()) << "openssl could not make test certificates";
  testing::FakeMilvusServer server(server_tls(files, /*require_client_cert=*/false));

  auto config = tls_config(files, server.port(), config::TlsMode::kServer);
  EXPECT_TRUE(GrpcMilvusClient::connect(config, quick_failure()).has_value());

  config.server_name = "someone-else.test";
  auto refused = GrpcMilvusClient::connect(config, quick_failure());
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
}

TEST(GrpcChannelTest, MutualTlsPresentsTheClientCertificate) {
  TlsFiles files;
  ASSERT_TRUE(files.ok()) << "openssl could not make test certificates";
  testing::FakeMilvusServer server(server_tls(files, /*require_client_cert=*/true));

  auto config = tls_config(files, server.port(), config::TlsMode::kServer);
  EXPECT_FALSE(GrpcMilvusClient::connect(config, quick_failure()).has_value());

  config.tls_mode = config::TlsMode::kMutual;
  config.mtls_cert_path = files.path("client.pem");
  config.mtls_key_path = files.path("client.key");
  auto connected = GrpcMilvusClient::connect(config, quick_failure());
  EXPECT_TRUE(connected.has_value()) << connected.error().to_string();
}

}  // namespace
}  // namespace mb::milvus
