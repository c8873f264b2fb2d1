#include "server/routes_backup.h"

#include <fmt/format.h>

#include <memory>

#include "meta/names.h"
#include "server/envelope.h"
#include "server/job_views.h"
#include "server/request_parsing.h"

namespace mb::server {
namespace {

using api::JobKind;

// The configuration for one request: the server's, with the request's storage root override.
Result<config::Config> with_root_override(const config::Config& base, const std::string& root_path) {
  config::Config config = base;
  if (root_path.empty()) return config;
  MB_CHECK(meta::validate_key_part(root_path, "backup root path"));
  config.backup.storage.root_path = root_path;
  return config;
}

void create(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  const auto request_id = request_id_of(req);
  auto parsed = parse_create_request(req.body);
  if (!parsed) {
    return reply(res, {.request_id = request_id, .code = ResponseCode::kParameterError, .msg = parsed.error().message},
                 400);
  }
  if (auto valid = meta::validate_backup_name(parsed->backup_name); !valid) {
    return reply(res, {.request_id = request_id, .code = ResponseCode::kParameterError, .msg = valid.error().message});
  }
  auto config = with_root_override(context.loaded.config, parsed->backup_root_path);
  if (!config) {
    return reply(res, {.request_id = request_id, .code = ResponseCode::kParameterError, .msg = config.error().message});
  }
  if (parsed->gc_pause_enable) config->backup.pause_gc = true;
  if (!parsed->gc_pause_address.empty()) config->milvus.management_endpoint = parsed->gc_pause_address;

  // A taken name is refused here, without a job: a refused job in the history would otherwise
  // stand for the name in get_backup after the real backup is deleted. The create re-checks.
  if (auto existing = api::get_backup(*config, parsed->backup_name); existing) {
    return reply(res, {.request_id = request_id, .code = ResponseCode::kFail,
                       .msg = fmt::format("backup: backup with name {} already exist", parsed->backup_name)});
  }
  auto progress = std::make_shared<api::CreateProgress>();
  api::JobSpec spec{
      .kind = JobKind::kBackup,
      .id = request_id,
      .name = parsed->backup_name,
      .run = [config = *config, options = parsed->options,
              progress](const CancellationToken& cancel) -> Result<api::JobOutcome> {
        MB_TRY(created, api::create_backup(config, options, &cancel, progress.get()));
        return api::JobOutcome{.size = created.size};
      },
      .sample = [progress] { return progress->snapshot(); }};
  auto started = context.jobs.start(std::move(spec));
  if (!started) {
    return reply(res, {.request_id = request_id, .code = ResponseCode::kFail, .msg = started.error().message});
  }
  if (parsed->async) {
    return reply(res, {.request_id = request_id,
                       .msg = "create backup is executing asynchronously",
                       .data = backup_task_view(*started)});
  }
  const auto ended = context.jobs.wait(JobKind::kBackup, request_id).value_or(*started);
  if (ended.state != api::JobState::kSuccess) {
    return reply(res, {.request_id = request_id,
                       .code = ResponseCode::kFail,
                       .msg = ended.error,
                       .data = backup_task_view(ended)});
  }
  auto details = api::get_backup(*config, ended.name);
  auto view = details ? stored_backup_view(*details, ended) : Result<nlohmann::ordered_json>(backup_task_view(ended));
  reply(res, {.request_id = request_id, .msg = "success", .data = view ? *view : backup_task_view(ended)});
}

void list(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  const auto request_id = request_id_of(req);
  if (!req.get_param_value("collection_name").empty()) {
    return reply(res, {.request_id = request_id, .code = ResponseCode::kParameterError,
                       .msg = "collection_name is deprecated"});
  }
  auto listings = api::list_backups(context.loaded.config);
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

// The backup a get_backup or cancel_backup names: by backup_name, or by backup_id (a job id here, or
// the id in a stored backup's meta, which also finds backups made by other processes).
struct NamedBackup {
  std::string name;
  std::optional<api::JobRecord> job;
};

Result<NamedBackup> resolve_backup(ServerContext& context, const config::Config& config, const std::string& name,
                                   const std::string& id) {
  if (name.empty() && id.empty()) {
    return fail(ErrorCode::kInvalidArgument,
                "server: empty backup name and backup id, please set a backup name or id");
  }
  if (!name.empty()) return NamedBackup{name, context.jobs.find_by_name(JobKind::kBackup, name)};
  if (auto job = context.jobs.find(JobKind::kBackup, id)) return NamedBackup{job->name, job};
  MB_TRY(listings, api::list_backups(config));
  for (const auto& listing : listings) {
    if (listing.complete && listing.id == id) return NamedBackup{listing.name, std::nullopt};
  }
  return fail(ErrorCode::kNotFound, fmt::format("backup task {} not found", id));
}

void get_backup(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  const auto request_id = request_id_of(req);
  auto config = with_root_override(context.loaded.config, req.get_param_value("path"));
  if (!config) {
    return reply(res, {.request_id = request_id, .code = ResponseCode::kParameterError, .msg = config.error().message});
  }
  auto backup =
      resolve_backup(context, *config, req.get_param_value("backup_name"), req.get_param_value("backup_id"));
  if (!backup) {
    return reply(res, {.request_id = request_id, .code = response_code_for(backup.error()),
                       .msg = backup.error().message});
  }
  const auto& job = backup->job;
  if (job && api::is_running(job->state)) {
    return reply(res, {.request_id = request_id, .msg = "success", .data = backup_task_view(*job)});
  }
  // An ended job answers only when storage has nothing better: a create refused because the name
  // was taken must not hide the backup that took it.
  auto details = api::get_backup(*config, backup->name);
  if (!details && job && job->state != api::JobState::kSuccess && details.error().code == ErrorCode::kNotFound) {
    return reply(res, {.request_id = request_id, .msg = "success", .data = backup_task_view(*job)});
  }
  if (!details) {
    return reply(res, {.request_id = request_id, .code = response_code_for(details.error()),
                       .msg = details.error().to_string()});
  }
  const bool job_made_it = job && job->state == api::JobState::kSuccess;
  auto view = stored_backup_view(*details, job_made_it ? job : std::nullopt);
  if (!view) {
    return reply(res, {.request_id = request_id, .code = ResponseCode::kFail, .msg = view.error().to_string()});
  }
  reply(res, {.request_id = request_id, .msg = "success", .data = std::move(*view)});
}

void delete_backup(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  const auto request_id = request_id_of(req);
  const auto name = req.get_param_value("backup_name");
  if (name.empty()) {
    return reply(res, {.request_id = request_id, .code = ResponseCode::kParameterError,
                       .msg = "backup name is required", .has_data = false});
  }
  // Deleting under a running create would race its meta commit; the user cancels it instead.
  if (auto running = context.jobs.running_with_name(JobKind::kBackup, name)) {
    return reply(res, {.request_id = request_id, .code = ResponseCode::kFail,
                       .msg = fmt::format("backup {} is being created by task {}: wait for it or cancel it", name,
                                          running->id),
                       .has_data = false});
  }
  auto deleted = api::delete_backup(context.loaded.config, name);
  if (!deleted) {
    return reply(res, {.request_id = request_id, .code = response_code_for(deleted.error()),
                       .msg = "delete: " + deleted.error().to_string(), .has_data = false});
  }
  reply(res, {.request_id = request_id, .msg = "success", .has_data = false});
}

void cancel_backup(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  const auto request_id = request_id_of(req);
  auto backup = resolve_backup(context, context.loaded.config, req.get_param_value("backup_name"),
                               req.get_param_value("backup_id"));
  if (backup && !backup->job) backup = fail(ErrorCode::kNotFound, "no task of this server made this backup");
  if (!backup) {
    return reply(res, {.request_id = request_id, .code = response_code_for(backup.error()),
                       .msg = backup.error().message});
  }
  if (auto cancelled = context.jobs.cancel(JobKind::kBackup, backup->job->id); !cancelled) {
    return reply(res, {.request_id = request_id, .code = response_code_for(cancelled.error()),
                       .msg = cancelled.error().message});
  }
  const auto job = context.jobs.find(JobKind::kBackup, backup->job->id).value_or(*backup->job);
  reply(res, {.request_id = request_id, .msg = "cancelling", .data = backup_task_view(job)});
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
