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

}  // namespace mb::api
