#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <charconv>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <thread>

#include "cli/commands.h"
#include "milvus_backup/service.h"
#include "server/auth_policy.h"
#include "server/grpc_server.h"
#include "server/rest_server.h"

namespace mb::cli {
namespace {

std::string env_or(const char* name, std::string fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::string(value) : std::move(fallback);
}

// --port, then SERVER_PORT, then 8080, as the Go tool; it must be a port number.
Result<int> resolve_port(const std::string& flag) {
  const std::string text = flag.empty() ? env_or("SERVER_PORT", "8080") : flag;
  int port = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (ec != std::errc() || end != text.data() + text.size() || port < 1 || port > 65535) {
    return fail(ErrorCode::kInvalidArgument, fmt::format("invalid port \"{}\": want 1-65535", text));
  }
  return port;
}

// SIGINT/SIGTERM stop the server: they are blocked in every thread (set before any starts) and
// taken here with sigtimedwait, so stopping runs as ordinary code rather than in a signal handler.
class StopOnSignal {
 public:
  explicit StopOnSignal(server::RestServer& server) {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    thread_ = std::thread([this, &server] {
      const timespec tick{0, 200'000'000};
      while (!done_.load()) {
        if (sigtimedwait(&signals_, nullptr, &tick) > 0) {
          spdlog::info("stopping the server; running jobs are cancelled");
          server.stop();
          return;
        }
      }
    });
  }
  ~StopOnSignal() {
    done_.store(true);
    thread_.join();
  }
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;

  static void block_in_this_and_future_threads() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  }

 private:
  sigset_t signals_{};
  std::atomic<bool> done_{false};
  std::thread thread_;
};

struct ServerFlags {
  std::string port;
  // host to max_body_bytes: empty or unset lets the server.* config key decide.
  std::string host;
  std::string state_dir;
  std::string tls_cert;
  std::string tls_key;
  std::optional<int64_t> max_body_bytes;
  int grpc_port = 0;
};

// A flag given on the command line wins over its server.* config key.
void override_with_flags(const ServerFlags& flags, config::ServerConfig& settings) {
  if (!flags.host.empty()) settings.address = flags.host;
  if (!flags.state_dir.empty()) settings.state_dir = flags.state_dir;
  if (!flags.tls_cert.empty()) settings.tls_cert_path = flags.tls_cert;
  if (!flags.tls_key.empty()) settings.tls_key_path = flags.tls_key;
  if (flags.max_body_bytes) settings.max_body_bytes = *flags.max_body_bytes;
}

}  // namespace

void add_server_command(CLI::App& app, const GlobalOptions& options, int& exit_code) {
  auto flags = std::make_shared<ServerFlags>();
  auto* server = app.add_subcommand("server", "serve the REST API (the Go tool's /api/v1 routes, /metrics, /healthz)");
  server->add_option("-p,--port", flags->port, "port to listen on; without it: $SERVER_PORT, then 8080");
  server->add_option("--host", flags->host, "address to listen on; without it: server.address (0.0.0.0)");
  server->add_option("--state_dir", flags->state_dir,
                     "where job history is kept across restarts; without it: server.stateDir (./milvus-backup-server)");
  server->add_option("--tls_cert", flags->tls_cert,
                     "PEM certificate: serve HTTPS (with --tls_key); without it: server.tls.certPath");
  server->add_option("--tls_key", flags->tls_key, "PEM private key of --tls_cert; without it: server.tls.keyPath");
  server->add_option("--max_body_bytes", flags->max_body_bytes,
                     "larger request bodies are refused with HTTP 413; without it: server.maxBodyBytes (1048576)")
      ->check(CLI::PositiveNumber);
  server->add_option("--grpc_port", flags->grpc_port,
                     "also serve the gRPC API (proto/backup_service.proto) on this port; 0: no gRPC")
      ->check(CLI::Range(0, 65535))
      ->default_str("0");

  server->callback([&options, &exit_code, flags] {
    auto port = resolve_port(flags->port);
    if (!port) {
      exit_code = report_error(port.error());
      return;
    }
    auto loaded = options.load();
    if (!loaded) {
      exit_code = report_error(loaded.error());
      return;
    }
    StopOnSignal::block_in_this_and_future_threads();
    auto& settings = loaded->config.server;
    override_with_flags(*flags, settings);
    // Before anything listens: the gRPC shell starts before the REST server checks it too.
    if (auto allowed = server::check_auth_required(settings); !allowed) {
      exit_code = report_error(allowed.error());
      return;
    }
    const std::string state_dir = settings.state_dir;
    const std::string host = settings.address;
    const bool https = !settings.tls_cert_path.empty();
    auto jobs = milvus_backup::JobManager::open({.state_dir = state_dir});
    if (!jobs) {
      exit_code = report_error(jobs.error());
      return;
    }
    const bool auth = !loaded->config.server.auth_token.empty();
    // The gRPC shell's Service shares the REST routes' job manager, so both see the same jobs; it
    // also runs again the jobs a crash interrupted.
    milvus_backup::Service grpc_service(loaded->config, **jobs);
    std::unique_ptr<server::GrpcServer> grpc;
    if (flags->grpc_port != 0) {
      auto started = server::GrpcServer::start(
          grpc_service, {.host = host,
                         .port = flags->grpc_port,
                         .auth_token = loaded->config.server.auth_token,
                         .tls_cert_path = settings.tls_cert_path,
                         .tls_key_path = settings.tls_key_path});
      if (!started) {
        exit_code = report_error(started.error());
        return;
      }
      grpc = std::move(*started);
      spdlog::info("serving gRPC on {}:{}", host, grpc->port());
    }
    const server::ServerOptions rest_options{.host = host,
                                            .port = *port,
                                            .tls_cert_path = settings.tls_cert_path,
                                            .tls_key_path = settings.tls_key_path,
                                            .max_body_bytes = static_cast<size_t>(settings.max_body_bytes)};
    auto rest = server::RestServer::bind(std::move(*loaded), **jobs, rest_options);
    if (!rest) {
      exit_code = report_error(rest.error());
      return;
    }
    spdlog::info("serving {} on {}:{} (auth {}, state dir {})", https ? "HTTPS" : "HTTP", host, (*rest)->port(),
                 auth ? "on" : "off", state_dir);
    // Once both shells are up: a server that cannot start would otherwise cancel them at once, and a
    // cancelled create removes the half-written backup it was to resume.
    grpc_service.resume_interrupted_jobs();
    Status served;
    {
      StopOnSignal stop_on_signal(**rest);
      served = (*rest)->serve();
    }
    if (!served) exit_code = report_error(served.error());
    // The job manager, destroyed after the server, cancels and waits for the running jobs.
  });
}

}  // namespace mb::cli
