#include "server/routes_restore.h"

#include <fmt/format.h>

#include <chrono>
#include <memory>

#include "meta/names.h"
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
  const std::string request_id =
      parsed->request_id.empty() ? req.get_header_value("request_id") : parsed->request_id;
  if (!parsed->unsupported.empty()) {
    std::string fields;
    for (const auto& field : parsed->unsupported) fields += (fields.empty() ? "" : ", ") + field;
    return reply(res, {.request_id = request_id, .code = ResponseCode::kNotSupport,
                       .msg = "not supported by this server: " + fields});
  }
  auto& options = parsed->options;
  if (auto valid = meta::validate_backup_name(options.backup_name); !valid) return refuse(res, valid.error().message);
  if (auto valid = restore::validate_restore_options(options); !valid) return refuse(res, valid.error().message);

  config::Config config = context.loaded.config;
  if (!parsed->path.empty()) {
    if (auto valid = meta::validate_key_part(parsed->path, "path"); !valid) return refuse(res, valid.error().message);
    config.backup.storage.root_path = parsed->path;
  }
  if (!parsed->bucket_name.empty()) {
    if (auto valid = meta::validate_key_part(parsed->bucket_name, "bucket_name"); !valid) {
      return refuse(res, valid.error().message);
    }
    config.backup.storage.bucket_name = parsed->bucket_name;
  }
  // A missing backup is answered now, not as a failed job later, as the Go tool does.
  if (auto found = api::get_backup(config, options.backup_name); !found) {
    if (found.error().code == ErrorCode::kNotFound) {
      return refuse(res, fmt::format("backup {} not found", options.backup_name));
    }
    return reply(res, {.request_id = request_id, .code = ResponseCode::kFail, .msg = found.error().to_string()});
  }

  const std::string id = parsed->id.empty() ? meta::auto_restore_id(std::chrono::system_clock::now()) : parsed->id;
  options.task_id = id;
  auto progress = std::make_shared<api::RestoreProgress>();
  api::JobSpec spec{
      .kind = JobKind::kRestore,
      .id = id,
      .name = options.backup_name,
      .run = [config, options, progress](const CancellationToken& cancel) -> Result<api::JobOutcome> {
        MB_TRY(restored, api::restore_backup(config, options, &cancel, progress.get()));
        api::JobOutcome outcome;
        for (const auto& collection : restored.collections) outcome.collections.push_back(collection.target);
        return outcome;
      },
      .sample = [progress] { return progress->snapshot(); }};
  auto started = context.jobs.start(std::move(spec));
  if (!started) {
    return reply(res, {.request_id = request_id, .code = ResponseCode::kFail, .msg = started.error().message});
  }
  if (parsed->async) {
    return reply(res, {.request_id = request_id,
                       .msg = "restore backup is executing asynchronously",
                       .data = restore_task_view(*started)});
  }
  const auto ended = context.jobs.wait(JobKind::kRestore, id).value_or(*started);
  if (ended.state != api::JobState::kSuccess) {
    return reply(res, {.code = ResponseCode::kFail, .msg = ended.error, .data = restore_task_view(ended)});
  }
  reply(res, {.request_id = request_id, .msg = "success", .data = restore_task_view(ended)});
}

void get_restore(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  const auto request_id = request_id_of(req);
  const auto id = req.get_param_value("id");
  if (id.empty()) return reply(res, {.request_id = request_id, .code = ResponseCode::kFail, .msg = "empty restore id"});
  const auto job = context.jobs.find(JobKind::kRestore, id);
  if (!job) return reply(res, {.request_id = request_id, .code = ResponseCode::kFail, .msg = "task not found"});
  reply(res, {.request_id = request_id, .msg = "success", .data = restore_task_view(*job)});
}

void cancel_restore(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  const auto request_id = request_id_of(req);
  const auto id = req.get_param_value("id");
  if (id.empty()) {
    return reply(res, {.request_id = request_id, .code = ResponseCode::kParameterError, .msg = "empty restore id"});
  }
  if (auto cancelled = context.jobs.cancel(JobKind::kRestore, id); !cancelled) {
    return reply(res, {.request_id = request_id, .code = response_code_for(cancelled.error()),
                       .msg = cancelled.error().message});
  }
  const auto job = context.jobs.find(JobKind::kRestore, id);
  reply(res, {.request_id = request_id, .msg = "cancelling",
              .data = job ? restore_task_view(*job) : nlohmann::ordered_json(nullptr)});
}

}  // namespace

void add_restore_routes(Router& router, ServerContext& context) {
  router.post("/api/v1/restore", [&context](const auto& req, auto& res) { restore(context, req, res); });
  router.get("/api/v1/get_restore", [&context](const auto& req, auto& res) { get_restore(context, req, res); });
  router.post("/api/v1/cancel_restore", [&context](const auto& req, auto& res) { cancel_restore(context, req, res); });
}

}  // namespace mb::server
