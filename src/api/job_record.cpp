#include "api/job_record.h"

#include <nlohmann/json.hpp>

#include "util/json_parse.h"

namespace mb::api {
namespace {

// A record holds a few ids, an error message and a list of collection names.
constexpr size_t kMaxJobRecordBytes = 16u << 20;

}  // namespace

std::string_view to_string(JobKind kind) {
  switch (kind) {
    case JobKind::kBackup: return "backup";
    case JobKind::kRestore: return "restore";
    case JobKind::kVerify: return "verify";
  }
  return "?";
}

std::string_view to_string(JobState state) {
  switch (state) {
    case JobState::kInitial: return "initial";
    case JobState::kExecuting: return "executing";
    case JobState::kSuccess: return "success";
    case JobState::kFail: return "fail";
    case JobState::kTimeout: return "timeout";
  }
  return "?";
}

bool is_running(JobState state) { return state == JobState::kInitial || state == JobState::kExecuting; }

std::string encode_job_record(const JobRecord& r) {
  nlohmann::ordered_json j;
  j["id"] = r.id;
  j["kind"] = to_string(r.kind);
  j["name"] = r.name;
  j["state"] = static_cast<int>(r.state);
  j["progress"] = r.progress;
  j["counters"] = {{"phase", r.counters.phase},
                   {"collections_done", r.counters.collections_done},
                   {"collections_total", r.counters.collections_total},
                   {"files_done", r.counters.files_done},
                   {"files_total", r.counters.files_total},
                   {"bytes_done", r.counters.bytes_done},
                   {"bytes_total", r.counters.bytes_total}};
  j["error"] = r.error;
  j["error_kind"] = r.error_kind;
  j["start_time"] = r.start_time;
  j["end_time"] = r.end_time;
  j["duration_seconds"] = r.duration_seconds;
  j["size"] = r.size;
  j["collections"] = r.collections;
  j["collection_sizes"] = r.collection_sizes;
  j["sequence"] = r.sequence;
  j["report"] = r.report;
  // Kept as the text its codec wrote: the record neither re-parses nor re-checks it.
  if (!r.request.empty()) j["request"] = r.request;
  // Ids and errors may come from clients or servers as any bytes; like Go's encoder, invalid
  // UTF-8 becomes U+FFFD instead of failing the record.
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

Result<JobRecord> decode_job_record(std::string_view json) {
  auto parsed = parse_json(json, ErrorCode::kCorrupt, {.max_bytes = kMaxJobRecordBytes});
  if (!parsed) return fail(wrap(std::move(parsed).error(), "job record"));
  const nlohmann::json j = std::move(*parsed);
  if (!j.is_object()) return fail(ErrorCode::kCorrupt, "job record is not a JSON object");
  try {
    JobRecord r;
    r.id = j.at("id").get<std::string>();
    const auto kind = j.at("kind").get<std::string>();
    if (kind == "backup") {
      r.kind = JobKind::kBackup;
    } else if (kind == "restore") {
      r.kind = JobKind::kRestore;
    } else if (kind == "verify") {
      r.kind = JobKind::kVerify;
    } else {
      return fail(ErrorCode::kCorrupt, "job record has kind " + kind);
    }
    r.name = j.at("name").get<std::string>();
    const int state = j.at("state").get<int>();
    if (state < 0 || state > static_cast<int>(JobState::kTimeout)) {
      return fail(ErrorCode::kCorrupt, "job record has state " + std::to_string(state));
    }
    r.state = static_cast<JobState>(state);
    r.progress = j.at("progress").get<int>();
    const auto& c = j.at("counters");
    r.counters = ProgressSnapshot{.phase = c.at("phase").get<std::string>(),
                                  .collections_done = c.at("collections_done").get<uint64_t>(),
                                  .collections_total = c.at("collections_total").get<uint64_t>(),
                                  .files_done = c.at("files_done").get<uint64_t>(),
                                  .files_total = c.at("files_total").get<uint64_t>(),
                                  .bytes_done = c.at("bytes_done").get<uint64_t>(),
                                  .bytes_total = c.at("bytes_total").get<uint64_t>()};
    r.error = j.at("error").get<std::string>();
    r.error_kind = j.at("error_kind").get<std::string>();
    r.start_time = j.at("start_time").get<int64_t>();
    r.end_time = j.at("end_time").get<int64_t>();
    r.duration_seconds = j.at("duration_seconds").get<double>();
    r.size = j.at("size").get<int64_t>();
    r.collections = j.at("collections").get<std::vector<std::string>>();
    // Absent in records written before the sizes were kept.
    if (j.contains("collection_sizes")) r.collection_sizes = j.at("collection_sizes").get<std::vector<int64_t>>();
    r.sequence = j.at("sequence").get<uint64_t>();
    r.report = j.value("report", std::string());  // records of servers before verify jobs have none
    r.request = j.value("request", std::string());  // nor before restarted servers resumed jobs
    return r;
  } catch (const nlohmann::json::exception& e) {
    // Thrown only by at()/get() on a missing member or a wrong type; turned into a value here.
    return fail(ErrorCode::kCorrupt, std::string("job record: ") + e.what());
  }
}

}  // namespace mb::api
