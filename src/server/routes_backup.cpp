#include "server/routes_backup.h"

#include "server/envelope.h"
#include "server/job_views.h"
#include "server/request_parsing.h"

namespace mb::server {
namespace {

using api::JobKind;

// A stored backup with the job that made it, or the job alone while it runs or when it failed.
Result<nlohmann::ordered_json> backup_view(const milvus_backup::BackupStatus& status) {
  if (status.stored) return stored_backup_view(*status.stored, status.job);
  return backup_task_view(status.job.value_or(api::JobRecord{}));
}

void create(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  const auto request_id = request_id_of(req);
  auto parsed = parse_create_request(req.body);
  if (!parsed) {
    return reply(res, {.request_id = request_id, .code = ResponseCode::kParameterError, .msg = parsed.error().message},
                 400);
  }
  auto started = context.service.start_create({.job_id = request_id,
                                               .options = parsed->options,
                                               .backup_root_path = parsed->backup_root_path,
                                               .pause_gc = parsed->gc_pause_enable,
                                               .gc_pause_address = parsed->gc_pause_address});
  if (!started) {
    return reply(res, {.request_id = request_id, .code = response_code_for(started.error()),
                       .msg = started.error().message});
  }
  if (parsed->async) {
    return reply(res, {.request_id = request_id,
                       .msg = "create backup is executing asynchronously",
                       .data = backup_task_view(*started)});
  }
  const auto ended = context.service.wait(JobKind::kBackup, started->id).value_or(*started);
  if (ended.state != api::JobState::kSuccess) {
    return reply(res, {.request_id = request_id,
                       .code = ResponseCode::kFail,
                       .msg = ended.error,
                       .data = backup_task_view(ended)});
  }
  auto status = context.service.describe_backup(ended.name, {}, parsed->backup_root_path);
  auto view = status ? backup_view(*status) : Result<nlohmann::ordered_json>(backup_task_view(ended));
  reply(res, {.request_id = request_id, .msg = "success", .data = view ? *view : backup_task_view(ended)});
}

void list(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  const auto request_id = request_id_of(req);
  if (!req.get_param_value("collection_name").empty()) {
    return reply(res, {.request_id = request_id, .code = ResponseCode::kParameterError,
                       .msg = "collection_name is deprecated"});
  }
  auto listings = context.service.list_backups();
  if (!listings) {
    return reply(res, {.request_id = request_id, .code = ResponseCode::kFail, .msg = listings.error().to_string()});
  }
  auto data = nlohmann::ordered_json::array();
  // As the Go tool: folders that are not complete backups are not listed.
  for (const auto& listing : *listings) {
    if (listing.complete) data.push_back(backup_listing_view(listing));
  }
  reply(res, {.request_id = request_id, .msg = "success", .data = std::move(data)});
}

void get_backup(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  const auto request_id = request_id_of(req);
  auto status = context.service.describe_backup(req.get_param_value("backup_name"), req.get_param_value("backup_id"),
                                                req.get_param_value("path"));
  auto view = status ? backup_view(*status) : Result<nlohmann::ordered_json>(std::unexpected(status.error()));
  if (!view) {
    return reply(res, {.request_id = request_id, .code = response_code_for(view.error()),
                       .msg = view.error().to_string()});
  }
  reply(res, {.request_id = request_id, .msg = "success", .data = std::move(*view)});
}

void delete_backup(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  const auto request_id = request_id_of(req);
  auto deleted = context.service.delete_backup(req.get_param_value("backup_name"));
  if (!deleted) {
    return reply(res, {.request_id = request_id, .code = response_code_for(deleted.error()),
                       .msg = deleted.error().to_string(), .has_data = false});
  }
  reply(res, {.request_id = request_id, .msg = "success", .has_data = false});
}

void cancel_backup(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  const auto request_id = request_id_of(req);
  if (auto no_body = check_no_parameters_in_body(req.body); !no_body) {
    return reply(res, {.request_id = request_id, .code = ResponseCode::kParameterError,
                       .msg = no_body.error().message + " (cancel_backup takes backup_name or backup_id in the query)"},
                 400);
  }
  auto job = context.service.cancel_backup(req.get_param_value("backup_name"), req.get_param_value("backup_id"));
  if (!job) {
    return reply(res, {.request_id = request_id, .code = response_code_for(job.error()), .msg = job.error().message});
  }
  reply(res, {.request_id = request_id, .msg = "cancelling", .data = backup_task_view(*job)});
}

}  // namespace

void add_backup_routes(Router& router, ServerContext& context) {
  router.post("/api/v1/create", [&context](const auto& req, auto& res) { create(context, req, res); });
  router.get("/api/v1/list", [&context](const auto& req, auto& res) { list(context, req, res); });
  router.get("/api/v1/get_backup", [&context](const auto& req, auto& res) { get_backup(context, req, res); });
  router.del("/api/v1/delete", [&context](const auto& req, auto& res) { delete_backup(context, req, res); });
  router.post("/api/v1/cancel_backup", [&context](const auto& req, auto& res) { cancel_backup(context, req, res); });
}

}  // namespace mb::server
