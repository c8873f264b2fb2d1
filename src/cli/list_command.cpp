#include <CLI/CLI.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <ctime>
#include <iostream>

#include "cli/commands.h"
#include "cli/legacy_flags.h"
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

// v0.4's `list -c NAME`: the complete backups holding a collection of that name (in any database;
// "db.coll" names one database's). As in v0.4, a backup whose meta cannot be read is left out.
std::vector<milvus_backup::BackupListing> holding(const milvus_backup::Config& config,
                                                  std::vector<milvus_backup::BackupListing> backups,
                                                  const std::string& collection) {
  std::vector<milvus_backup::BackupListing> kept;
  for (auto& backup : backups) {
    if (!backup.complete) continue;
    const auto details = milvus_backup::get_backup(config, backup.name);
    if (!details) continue;
    for (const auto& c : details->info.collection_backups) {
      const std::string db = c.db_name.empty() ? "default" : c.db_name;
      if (c.collection_name == collection || db + "." + c.collection_name == collection) {
        kept.push_back(std::move(backup));
        break;
      }
    }
  }
  return kept;
}

}  // namespace

void add_list_command(CLI::App& app, const GlobalOptions& options, int& exit_code) {
  auto output = std::make_shared<std::string>("text");
  auto collection = std::make_shared<std::string>();
  auto* list = app.add_subcommand("list", "list all backups in object storage");
  list->add_option("-o,--output", *output,
                   "text: the Go tool's list of complete backups; json: every backup folder with its state, size "
                   "and time")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  list->add_option("-c,--collection", *collection, "v0.4: only the complete backups holding this collection")
      ->group(kLegacyGroup);
  list->callback([&options, &exit_code, output, collection] {
    auto loaded = options.load();
    if (!loaded) {
      exit_code = report_error(loaded.error());
      return;
    }
    auto backups = milvus_backup::list_backups(loaded->config);
    if (backups && !collection->empty()) backups = holding(loaded->config, std::move(*backups), *collection);
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
