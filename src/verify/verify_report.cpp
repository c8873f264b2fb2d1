#include "verify/verify_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace mb::verify {
namespace {

std::string status_of(const BackupVerdict& verdict) {
  if (!verdict.problems.empty()) return "damaged";
  if (!verdict.error.empty()) return "error";
  return "ok";
}

}  // namespace

std::string Problem::to_string() const {
  std::string text = fmt::format("{} {}: {}", kind, key, message);
  if (!expected.empty() || !found.empty()) text += fmt::format(" (expected {}, found {})", expected, found);
  return text;
}

bool VerifyReport::damaged() const {
  return std::any_of(backups.begin(), backups.end(), [](const BackupVerdict& b) { return !b.problems.empty(); });
}

bool VerifyReport::could_not_run() const {
  return std::any_of(backups.begin(), backups.end(), [](const BackupVerdict& b) { return !b.error.empty(); });
}

int VerifyReport::exit_code() const {
  if (damaged()) return 1;
  return could_not_run() ? 2 : 0;
}

std::string render_verify_text(const VerifyReport& report) {
  std::string text;
  for (const auto& verdict : report.backups) {
    for (const auto& problem : verdict.problems) {
      text += fmt::format("DAMAGED {}: {}\n", verdict.backup, problem.to_string());
    }
    if (!verdict.error.empty()) text += fmt::format("ERROR   {}: could not verify: {}\n", verdict.backup, verdict.error);
    for (const auto& key : verdict.unaccounted) {
      text += fmt::format("EXTRA   {}: {} is not named by the meta or the manifest\n", verdict.backup, key);
    }
    for (const auto& what : verdict.unchecked) text += fmt::format("NOTE    {}: not checked: {}\n", verdict.backup, what);
    std::string read;
    if (report.read_data) read = fmt::format(", {} read ({} bytes, CRC32C)", verdict.files_read, verdict.bytes_read);
    text += fmt::format("{:7} {}: {} problem(s), {} file(s) checked{}\n",
                        status_of(verdict) == "ok" ? "OK" : status_of(verdict) == "damaged" ? "DAMAGED" : "ERROR",
                        verdict.backup, verdict.problems.size(), verdict.files_checked, read);
  }
  if (report.backups.empty()) text += "no backups to verify\n";
  return text;
}

std::string render_verify_json(const VerifyReport& report) {
  nlohmann::ordered_json problems = nlohmann::ordered_json::array();
  nlohmann::ordered_json backups = nlohmann::ordered_json::array();
  for (const auto& verdict : report.backups) {
    for (const auto& p : verdict.problems) {
      problems.push_back({{"backup", p.backup},
                          {"collection", p.collection},
                          {"key", p.key},
                          {"kind", p.kind},
                          {"expected", p.expected},
                          {"found", p.found},
                          {"message", p.message}});
    }
    backups.push_back({{"backup", verdict.backup},
                       {"status", status_of(verdict)},
                       {"files_checked", verdict.files_checked},
                       {"files_read", verdict.files_read},
                       {"bytes_read", verdict.bytes_read},
                       {"unchecked", verdict.unchecked},
                       {"unaccounted", verdict.unaccounted},
                       {"error", verdict.error}});
  }
  const nlohmann::ordered_json document = {{"ok", report.exit_code() == 0},
                                           {"read_data", report.read_data},
                                           {"subset", report.subset},
                                           {"problems", std::move(problems)},
                                           {"backups", std::move(backups)}};
  return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace mb::verify
