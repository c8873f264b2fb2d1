// /api/v1/verify and get_verify (ours): HTTP <-> api::verify_backups, run as jobs.
#pragma once

#include "server/router.h"
#include "server/server_context.h"

namespace mb::server {

void add_verify_routes(Router& router, ServerContext& context);

}  // namespace mb::server
