#include "server/routes_restore.h"

#include "server/envelope.h"
#include "server/job_views.h"
#include "server/request_parsing.h"

namespace mb::server {
namespace {

using api::JobKind;

// Validation answers carry no requestId, as the Go tool's do.
void refuse(httplib::Response& res, const std::string& message, int http_status = 200) {
  reply(res, {.code = ResponseCode::kParameterError, .msg = message}, http_status);
}

void restore(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  auto parsed = parse_restore_request(req.body);
  if (!parsed) return refuse(res, parsed.error().message, 400);
  // The body's requestId, as the Go tool reads it; it makes a fresh one when there is none.
  const std::string request_id = parsed->request_id.empty() ? request_id_of(req) : parsed->request_id;
  if (!parsed->unsupported.empty()) {
    std::string fields;
    for (const auto& field : parsed->unsupported) fields += (fields.empty() ? "" : ", ") + field;
    return reply(res, {.request_id = request_id, .code = ResponseCode::kNotSupport,
                       .msg = "not supported by this server: " + fields});
  }
  auto started = context.service.start_restore({.job_id = parsed->id,
                                                .options = parsed->options,
                                                .backup_root_path = parsed->path,
                                                .bucket_name = parsed->bucket_name});
  if (!started) {
    const auto code = started.error().code;
    // The Go tool passes its get_backup answer on: Fail, "not found", with the request id.
    if (code == ErrorCode::kNotFound) {
      return reply(res, {.request_id = request_id, .code = ResponseCode::kFail, .msg = "not found"});
    }
    // A bad request is refused as the Go tool's validation is.
    if (code == ErrorCode::kInvalidArgument) return refuse(res, started.error().message);
    return reply(res, {.request_id = request_id, .code = ResponseCode::kFail, .msg = started.error().to_string()});
  }
  if (parsed->async) {
    return reply(res, {.request_id = request_id,
                       .msg = "restore backup is executing asynchronously",
                       .data = restore_task_view(*started)});
  }
  const auto ended = context.service.wait(JobKind::kRestore, started->id).value_or(*started);
  if (ended.state != api::JobState::kSuccess) {
    return reply(res, {.code = ResponseCode::kFail, .msg = ended.error, .data = restore_task_view(ended)});
  }
  reply(res, {.request_id = request_id, .msg = "success", .data = restore_task_view(ended)});
}

// The Go tool answers every get_restore failure with Fail, a missing id included.
void get_restore(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  const auto request_id = request_id_of(req);
  auto job = context.service.restore_job(req.get_param_value("id"));
  if (!job) return reply(res, {.request_id = request_id, .code = ResponseCode::kFail, .msg = job.error().message});
  reply(res, {.request_id = request_id, .msg = "success", .data = restore_task_view(*job)});
}

void cancel_restore(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  const auto request_id = request_id_of(req);
  if (auto no_body = check_no_parameters_in_body(req.body); !no_body) {
    return refuse(res, no_body.error().message + " (cancel_restore takes id in the query)", 400);
  }
  auto job = context.service.cancel_restore(req.get_param_value("id"));
  if (!job) {
    return reply(res, {.request_id = request_id, .code = response_code_for(job.error()), .msg = job.error().message});
  }
  reply(res, {.request_id = request_id, .msg = "cancelling", .data = restore_task_view(*job)});
}

}  // namespace

void add_restore_routes(Router& router, ServerContext& context) {
  router.post("/api/v1/restore", [&context](const auto& req, auto& res) { restore(context, req, res); });
  router.get("/api/v1/get_restore", [&context](const auto& req, auto& res) { get_restore(context, req, res); });
  router.post("/api/v1/cancel_restore", [&context](const auto& req, auto& res) { cancel_restore(context, req, res); });
}

}  // namespace mb::server
