// /api/v1/create, list, get_backup, delete, cancel_backup: HTTP <-> api::create_backup and friends,
// with creates run as jobs.
#pragma once

#include "server/router.h"
#include "server/server_context.h"

namespace mb::server {

void add_backup_routes(Router& router, ServerContext& context);

}  // namespace mb::server
