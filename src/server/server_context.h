// What every handler shares: the server's configuration, the service its routes translate to, and
// the request counters.
#pragma once

#include <httplib.h>

#include <string>

#include "api/job_manager.h"
#include "config/loader.h"
#include "milvus_backup/service.h"
#include "server/metrics.h"

namespace mb::server {

struct ServerContext {
  config::Loaded loaded;  // the config and its resolved table (for /check)
  api::JobManager& jobs;
  milvus_backup::Service service{loaded.config, jobs};
  HttpMetrics http_metrics{};
  std::string exposure_warning{};  // shown by /healthz; empty when the server is not open to all
};

// The Go tool's `request_id` header, or a fresh UUID when the client sent none.
std::string request_id_of(const httplib::Request& request);

}  // namespace mb::server
