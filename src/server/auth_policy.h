// Who may use the server: a token is optional (as in the Go tool), but a server that anyone on the
// network can drive should say so, and a deployment can demand a token.
#pragma once

#include <string>
#include <string_view>

#include "config/config.h"
#include "util/error.h"

namespace mb::server {

// 127.0.0.0/8, ::1, localhost: only this machine can connect.
bool is_loopback_address(std::string_view host);

// The warning for a server listening on `host` without a token; empty when it has a token or
// listens on loopback only.
std::string exposure_warning(std::string_view host, const config::ServerConfig& server);

// Error(kConfig) when server.auth.required is true and no token is set.
Status check_auth_required(const config::ServerConfig& server);

}  // namespace mb::server
