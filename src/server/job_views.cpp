#include "server/job_views.h"

#include "util/json_parse.h"


namespace mb::server {
namespace {

using nlohmann::ordered_json;

// id, state_code, errorMessage, start_time, end_time, progress: the head both task messages share.
// The times as given: the Go tool counts a backup's in unix milliseconds, a restore's in seconds.
ordered_json task_head(const api::JobRecord& job, int64_t start_time, int64_t end_time) {
  ordered_json view = ordered_json::object();
  if (!job.id.empty()) view["id"] = job.id;
  view["state_code"] = static_cast<int>(job.state);
  if (!job.error.empty()) view["errorMessage"] = job.error;
  if (start_time != 0) view["start_time"] = start_time;
  if (end_time != 0) view["end_time"] = end_time;
  view["progress"] = job.progress;
  return view;
}

// Job records keep unix seconds.
ordered_json backup_head(const api::JobRecord& job) {
  return task_head(job, job.start_time * 1000, job.end_time * 1000);
}

}  // namespace

ordered_json backup_task_view(const api::JobRecord& job) {
  ordered_json view = backup_head(job);
  if (!job.name.empty()) view["name"] = job.name;
  view["size"] = job.size;
  view["meta_size"] = 0;
  return view;
}

Result<ordered_json> stored_backup_view(const api::BackupDetails& details, const std::optional<api::JobRecord>& job) {
  MB_TRY(brief_text, api::backup_info_json(details, /*detail=*/false));
  MB_TRY(brief, parse_ordered_json(brief_text, ErrorCode::kInternal));
  api::JobRecord head = job.value_or(api::JobRecord{});
  if (head.id.empty()) head.id = details.info.id;
  head.state = api::JobState::kSuccess;
  head.progress = 100;
  head.error.clear();
  // The meta's own times where it has them (v0.4 and ours write them), to the millisecond.
  ordered_json view = details.info.start_time != 0
                          ? task_head(head, details.info.start_time, details.info.end_time)
                          : backup_head(head);
  for (const auto& [key, value] : brief.items()) {
    if (key != "state_code" && key != "progress") view[key] = value;
  }
  return view;
}

ordered_json backup_listing_view(const api::BackupListing& listing) {
  ordered_json view = ordered_json::object();
  if (!listing.id.empty()) view["id"] = listing.id;
  view["state_code"] = static_cast<int>(api::JobState::kSuccess);
  if (listing.start_time_ms != 0) view["start_time"] = listing.start_time_ms;
  if (listing.end_time_ms != 0) view["end_time"] = listing.end_time_ms;
  view["progress"] = 100;
  view["name"] = listing.name;
  view["size"] = listing.size;
  if (!listing.milvus_version.empty()) view["milvus_version"] = listing.milvus_version;
  view["meta_size"] = 0;
  return view;
}

// RestoreBackupTask: id, state_code, errorMessage, start_time, end_time, collection_restore_tasks,
// restored_size, to_restore_size, progress; each RestoreCollectionTask: id, state_code,
// start_time, end_time, target_collection_name, restored_size, to_restore_size, progress,
// target_db_name. The collections are known (and restored whole) once the job succeeded.
ordered_json restore_task_view(const api::JobRecord& job) {
  ordered_json head = task_head(job, job.start_time, job.end_time);
  const auto progress = head["progress"];
  head.erase("progress");  // it comes after the sizes
  int64_t total = 0;
  if (!job.collections.empty()) {
    ordered_json tasks = ordered_json::array();
    for (size_t i = 0; i < job.collections.size(); ++i) {
      const auto& target = job.collections[i];
      const int64_t size = i < job.collection_sizes.size() ? job.collection_sizes[i] : 0;
      total += size;
      const auto dot = target.find('.');
      ordered_json task = ordered_json::object();
      task["id"] = job.id + "_" + std::to_string(i);
      task["state_code"] = static_cast<int>(api::JobState::kSuccess);
      if (job.start_time != 0) task["start_time"] = job.start_time;
      if (job.end_time != 0) task["end_time"] = job.end_time;
      task["target_collection_name"] = dot == std::string::npos ? target : target.substr(dot + 1);
      if (size != 0) task["restored_size"] = size;
      if (size != 0) task["to_restore_size"] = size;
      task["progress"] = 100;
      task["target_db_name"] = dot == std::string::npos ? std::string("default") : target.substr(0, dot);
      tasks.push_back(std::move(task));
    }
    head["collection_restore_tasks"] = std::move(tasks);
  }
  if (total != 0) head["restored_size"] = total;
  if (total != 0) head["to_restore_size"] = total;
  head["progress"] = progress;
  return head;
}

ordered_json verify_task_view(const api::JobRecord& job) {
  ordered_json view = backup_head(job);
  if (!job.name.empty()) view["name"] = job.name;
  if (!job.report.empty()) {
    auto report = parse_ordered_json(job.report, ErrorCode::kInternal);
    if (report) view["report"] = std::move(*report);
  }
  return view;
}

}  // namespace mb::server
