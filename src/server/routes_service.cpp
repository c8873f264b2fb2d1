#include "server/routes_service.h"

#include <nlohmann/json.hpp>

#include "server/metrics.h"
#include "server/openapi.h"

namespace mb::server {
namespace {

constexpr const char* kHello = "Hello, This is backup service";

// The same text as the CLI's `check`; failures answer HTTP 500 {"error": ...} as the Go tool.
void check(const ServerContext& context, httplib::Response& res) {
  const auto report = context.service.check();
  if (!report.passed()) {
    res.status = 500;
    res.set_content(nlohmann::json{{"error", api::check_failures(report)}}.dump(), "application/json; charset=utf-8");
    return;
  }
  res.set_content("Configuration:\n" + config::render_table(context.loaded.values) + "\n" +
                      api::render_check_report(report),
                  "text/plain; charset=utf-8");
}

}  // namespace

void add_service_routes(Router& router, ServerContext& context) {
  const auto hello = [](const httplib::Request&, httplib::Response& res) {
    res.set_content(kHello, "text/plain; charset=utf-8");
  };
  router.get("/", hello);
  router.get("/api/v1/hello", hello);
  router.get("/api/v1/check", [&context](const auto&, auto& res) { check(context, res); });
  router.get("/api/v1/openapi.json", [](const auto&, auto& res) {
    res.set_content(std::string(openapi_document()), "application/json");
  });
  // A warning goes on a line of its own after "OK", so probes that read the status or the first
  // line are unaffected.
  router.get("/healthz", [&context](const auto&, auto& res) {
    const std::string& warning = context.exposure_warning;
    res.set_content(warning.empty() ? "OK" : "OK\nwarning: " + warning, "text/plain; charset=utf-8");
  });
  router.get("/metrics", [&context](const auto&, auto& res) {
    res.set_content(render_metrics(context.service.jobs(), context.http_metrics), "text/plain; version=0.0.4");
  });
}

}  // namespace mb::server
