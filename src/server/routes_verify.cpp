#include "server/routes_verify.h"

#include "server/envelope.h"
#include "server/job_views.h"
#include "server/request_parsing.h"

namespace mb::server {
namespace {

using api::JobKind;

void verify(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  auto parsed = parse_verify_request(req.body);
  if (!parsed) return reply(res, {.code = ResponseCode::kParameterError, .msg = parsed.error().message}, 400);
  const std::string request_id = parsed->request_id.empty() ? request_id_of(req) : parsed->request_id;
  parsed->verify.job_id = request_id;
  auto started = context.service.start_verify(parsed->verify);
  if (!started) {
    return reply(res, {.request_id = request_id, .code = response_code_for(started.error()),
                       .msg = started.error().message});
  }
  if (parsed->async) {
    return reply(res, {.request_id = request_id, .msg = "verify is executing asynchronously",
                       .data = verify_task_view(*started)});
  }
  const auto ended = context.service.wait(JobKind::kVerify, started->id).value_or(*started);
  if (ended.state != api::JobState::kSuccess) {
    return reply(res, {.request_id = request_id, .code = ResponseCode::kFail, .msg = ended.error,
                       .data = verify_task_view(ended)});
  }
  reply(res, {.request_id = request_id, .msg = "success", .data = verify_task_view(ended)});
}

void get_verify(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  const auto request_id = request_id_of(req);
  auto job = context.service.verify_job(req.get_param_value("id"));
  if (!job) {
    return reply(res, {.request_id = request_id, .code = response_code_for(job.error()), .msg = job.error().message});
  }
  reply(res, {.request_id = request_id, .msg = "success", .data = verify_task_view(*job)});
}

}  // namespace

void add_verify_routes(Router& router, ServerContext& context) {
  router.post("/api/v1/verify", [&context](const auto& req, auto& res) { verify(context, req, res); });
  router.get("/api/v1/get_verify", [&context](const auto& req, auto& res) { get_verify(context, req, res); });
}

}  // namespace mb::server
