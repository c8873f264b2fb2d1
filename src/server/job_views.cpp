#include "server/job_views.h"


namespace mb::server {
namespace {

using nlohmann::ordered_json;

// id, state_code, errorMessage, start_time, end_time, progress: the head both task messages share.
ordered_json task_head(const api::JobRecord& job) {
  ordered_json view = ordered_json::object();
  if (!job.id.empty()) view["id"] = job.id;
  view["state_code"] = static_cast<int>(job.state);
  if (!job.error.empty()) view["errorMessage"] = job.error;
  if (job.start_time != 0) view["start_time"] = job.start_time;
  if (job.end_time != 0) view["end_time"] = job.end_time;
  view["progress"] = job.progress;
  return view;
}

}  // namespace

ordered_json backup_task_view(const api::JobRecord& job) {
  ordered_json view = task_head(job);
  if (!job.name.empty()) view["name"] = job.name;
  view["size"] = job.size;
  view["meta_size"] = 0;
  return view;
}

Result<ordered_json> stored_backup_view(const api::BackupDetails& details, const std::optional<api::JobRecord>& job) {
  MB_TRY(brief_text, api::backup_info_json(details, /*detail=*/false));
  const auto brief = ordered_json::parse(brief_text);
  api::JobRecord head = job.value_or(api::JobRecord{});
  if (head.id.empty()) head.id = details.info.id;
  head.state = api::JobState::kSuccess;
  head.progress = 100;
  head.error.clear();
  ordered_json view = task_head(head);
  for (const auto& [key, value] : brief.items()) {
    if (key != "state_code" && key != "progress") view[key] = value;
  }
  return view;
}

ordered_json backup_listing_view(const api::BackupListing& listing) {
  ordered_json view = ordered_json::object();
  if (!listing.id.empty()) view["id"] = listing.id;
  view["state_code"] = static_cast<int>(api::JobState::kSuccess);
  view["progress"] = 100;
  view["name"] = listing.name;
  view["size"] = listing.size;
  if (!listing.milvus_version.empty()) view["milvus_version"] = listing.milvus_version;
  view["meta_size"] = 0;
  return view;
}

ordered_json restore_task_view(const api::JobRecord& job) {
  ordered_json view = task_head(job);
  if (job.collections.empty()) return view;
  ordered_json tasks = ordered_json::array();
  for (const auto& target : job.collections) {
    const auto dot = target.find('.');
    ordered_json task = ordered_json::object();
    task["state_code"] = static_cast<int>(api::JobState::kSuccess);
    if (job.start_time != 0) task["start_time"] = job.start_time;
    if (job.end_time != 0) task["end_time"] = job.end_time;
    task["progress"] = 100;
    task["target_db_name"] = dot == std::string::npos ? std::string("default") : target.substr(0, dot);
    task["target_collection_name"] = dot == std::string::npos ? target : target.substr(dot + 1);
    tasks.push_back(std::move(task));
  }
  view["collection_restore_tasks"] = std::move(tasks);
  return view;
}

ordered_json verify_task_view(const api::JobRecord& job) {
  ordered_json view = task_head(job);
  if (!job.name.empty()) view["name"] = job.name;
  if (!job.report.empty()) view["report"] = ordered_json::parse(job.report, nullptr, /*allow_exceptions=*/false);
  return view;
}

}  // namespace mb::server
