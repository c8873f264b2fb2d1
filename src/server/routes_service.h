// The routes about the service itself: hello, check, /healthz, /metrics, the OpenAPI document.
#pragma once

#include "server/router.h"
#include "server/server_context.h"

namespace mb::server {

void add_service_routes(Router& router, ServerContext& context);

}  // namespace mb::server
