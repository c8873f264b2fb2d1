#include "server/metrics.h"

#include <fmt/format.h>

#include <initializer_list>

namespace mb::server {
namespace {

constexpr std::initializer_list<api::JobKind> kKinds = {api::JobKind::kBackup, api::JobKind::kRestore};
constexpr std::initializer_list<api::JobState> kStates = {api::JobState::kInitial, api::JobState::kExecuting,
                                                           api::JobState::kSuccess, api::JobState::kFail};

// Label values are route patterns, job kinds and error kinds: none holds '"', '\\' or a newline,
// but escaping keeps the output valid whatever comes.
std::string label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void header(std::string& out, const char* name, const char* type, const char* help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

}  // namespace

void HttpMetrics::record(const std::string& method, const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  auto& s = series_[{method, route, status}];
  ++s.count;
  s.seconds += seconds;
}

std::map<std::tuple<std::string, std::string, int>, HttpMetrics::Series> HttpMetrics::series() const {
  std::lock_guard lock(mutex_);
  return series_;
}

std::string render_metrics(const std::vector<api::JobRecord>& jobs, const HttpMetrics& http) {
  struct KindTotals {
    std::map<api::JobState, uint64_t> by_state;
    uint64_t bytes = 0;
    uint64_t files = 0;
    double seconds = 0;
    uint64_t ended = 0;
    std::map<std::string, uint64_t> errors;
  };
  std::map<api::JobKind, KindTotals> totals;
  for (const auto& job : jobs) {
    auto& t = totals[job.kind];
    ++t.by_state[job.state];
    t.bytes += job.counters.bytes_done;
    t.files += job.counters.files_done;
    if (!api::is_running(job.state)) {
      t.seconds += job.duration_seconds;
      ++t.ended;
    }
    if (job.state == api::JobState::kFail) ++t.errors[job.error_kind];
  }

  std::string out;
  header(out, "milvus_backup_jobs", "gauge", "Jobs by kind and state.");
  for (auto kind : kKinds) {
    for (auto state : kStates) {
      out += fmt::format("milvus_backup_jobs{{kind=\"{}\",state=\"{}\"}} {}\n", api::to_string(kind),
                         api::to_string(state), totals[kind].by_state[state]);
    }
  }
  header(out, "milvus_backup_copied_bytes_total", "counter", "Bytes copied by jobs.");
  for (auto kind : kKinds) {
    out += fmt::format("milvus_backup_copied_bytes_total{{kind=\"{}\"}} {}\n", api::to_string(kind), totals[kind].bytes);
  }
  header(out, "milvus_backup_copied_files_total", "counter", "Files copied by jobs.");
  for (auto kind : kKinds) {
    out += fmt::format("milvus_backup_copied_files_total{{kind=\"{}\"}} {}\n", api::to_string(kind), totals[kind].files);
  }
  header(out, "milvus_backup_job_duration_seconds", "summary", "Run time of ended jobs.");
  for (auto kind : kKinds) {
    out += fmt::format("milvus_backup_job_duration_seconds_sum{{kind=\"{}\"}} {:.3f}\n", api::to_string(kind),
                       totals[kind].seconds);
    out += fmt::format("milvus_backup_job_duration_seconds_count{{kind=\"{}\"}} {}\n", api::to_string(kind),
                       totals[kind].ended);
  }
  header(out, "milvus_backup_job_errors_total", "counter", "Failed jobs by kind and error kind.");
  for (auto kind : kKinds) {
    for (const auto& [error_kind, count] : totals[kind].errors) {
      out += fmt::format("milvus_backup_job_errors_total{{kind=\"{}\",error=\"{}\"}} {}\n", api::to_string(kind),
                         label(error_kind), count);
    }
  }
  const auto series = http.series();
  header(out, "milvus_backup_http_requests_total", "counter", "HTTP requests by method, route and status.");
  for (const auto& [key, s] : series) {
    const auto& [method, route, status] = key;
    out += fmt::format("milvus_backup_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                       label(method), label(route), status, s.count);
  }
  header(out, "milvus_backup_http_request_duration_seconds", "summary", "Time spent answering HTTP requests.");
  for (const auto& [key, s] : series) {
    const auto& [method, route, status] = key;
    out += fmt::format(
        "milvus_backup_http_request_duration_seconds_sum{{method=\"{}\",route=\"{}\",status=\"{}\"}} {:.6f}\n",
        label(method), label(route), status, s.seconds);
    out += fmt::format(
        "milvus_backup_http_request_duration_seconds_count{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
        label(method), label(route), status, s.count);
  }
  return out;
}

}  // namespace mb::server
