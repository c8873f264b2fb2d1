// /api/v1/restore, get_restore, cancel_restore: HTTP <-> api::restore_backup, run as jobs.
#pragma once

#include "server/router.h"
#include "server/server_context.h"

namespace mb::server {

void add_restore_routes(Router& router, ServerContext& context);

}  // namespace mb::server
