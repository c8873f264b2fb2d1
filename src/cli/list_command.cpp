#include <CLI/CLI.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <ctime>
#include <iostream>

#include "cli/commands.h"
#include "milvus_backup/library.h"

namespace mb::cli {
namespace {

// ISO 8601 in UTC, or null when the store gave no time.
nlohmann::json utc_time(int64_t unix_seconds) {
  if (unix_seconds == 0) return nullptr;
  const std::time_t time = unix_seconds;
  std::tm utc{};
  gmtime_r(&time, &utc);
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", utc);
}

// Ours: every backup folder with its state, so half-written ones (which `delete` removes) show too.
std::string listing_json(const std::vector<milvus_backup::BackupListing>& backups) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& backup : backups) {
    nlohmann::ordered_json entry = {
        {"name", backup.name},
        {"state", backup.state},
        {"size", backup.size},
        {"time", utc_time(backup.time_unix)},
    };
    if (backup.complete) {
      entry["id"] = backup.id;
      entry["milvus_version"] = backup.milvus_version;
    } else {
      entry["problem"] = backup.problem;
    }
    out.push_back(std::move(entry));
  }
  return out.dump(4);
}

}  // namespace

void add_list_command(CLI::App& app, const GlobalOptions& options, int& exit_code) {
  auto output = std::make_shared<std::string>("text");
  auto* list = app.add_subcommand("list", "list all backups in object storage");
  list->add_option("-o,--output", *output,
                   "text: the Go tool's list of complete backups; json: every backup folder with its state, size "
                   "and time")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  list->callback([&options, &exit_code, output] {
    auto loaded = options.load();
    if (!loaded) {
      exit_code = report_error(loaded.error());
      return;
    }
    auto backups = milvus_backup::list_backups(loaded->config);
    if (!backups) {
      exit_code = report_error(backups.error());
      return;
    }
    if (*output == "json") {
      std::cout << listing_json(*backups) << "\n";
      return;
    }
    // The Go tool lists only backups whose meta it can read.
    std::cout << ">> Backups:\n";
    for (const auto& backup : *backups) {
      if (backup.complete) std::cout << backup.name << "\n";
    }
  });
}

}  // namespace mb::cli
