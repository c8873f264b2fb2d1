#include "server/auth_policy.h"

#include <fmt/format.h>

namespace mb::server {

bool is_loopback_address(std::string_view host) {
  if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

std::string exposure_warning(std::string_view host, const config::ServerConfig& server) {
  if (!server.auth_token.empty() || is_loopback_address(host)) return {};
  return fmt::format(
      "listening on {} without a token: anyone who reaches the port can create, restore and delete backups; "
      "set server.auth.token (or MILVUS_BACKUP_SERVER_TOKEN), or listen on 127.0.0.1",
      host);
}

Status check_auth_required(const config::ServerConfig& server) {
  if (!server.auth_required || !server.auth_token.empty()) return {};
  return fail(ErrorCode::kConfig,
              "server.auth.required is true but no token is set: set server.auth.token or MILVUS_BACKUP_SERVER_TOKEN");
}

}  // namespace mb::server
