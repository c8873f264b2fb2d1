// `check`: can this configuration reach its Milvus and both object stores, and write to them?
#pragma once

#include <string>
#include <vector>

#include "config/config.h"

namespace mb::api {

enum class CheckOutcome { kPass, kWarn, kFail };

struct CheckLine {
  CheckOutcome outcome = CheckOutcome::kPass;
  std::string subject;  // "Milvus", "Milvus storage", "Backup storage", "GC control"
  std::string detail;   // what was checked and what was seen, or the error
};

struct CheckReport {
  std::vector<CheckLine> lines;
  std::string milvus_version;  // empty when Milvus could not be reached
  bool passed() const;
};

// Runs every check, each independent of the others' failures, so one run names every problem.
CheckReport run_check(const config::Config& config);

// The report as the CLI and the REST API print it: one "PASS|WARN|FAIL  subject: detail" line per
// check, then the Milvus version, then "Success!" when nothing failed.
std::string render_check_report(const CheckReport& report);

// The FAIL lines joined with "; " (empty when the check passed).
std::string check_failures(const CheckReport& report);

}  // namespace mb::api
