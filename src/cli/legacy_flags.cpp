#include "cli/legacy_flags.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <vector>

#include "meta/text_split.h"
#include "server/request_parsing.h"

namespace mb::cli {

void LegacySelection::add_to(CLI::App& command, const std::string& collections_flag) {
  command.add_option(collections_flag, collections, "v0.4: collections, comma-separated: coll (database default) "
                                                    "or db.coll; use --filter")
      ->group(kLegacyGroup);
  command.add_option("-d,--databases", databases, "v0.4: whole databases, comma-separated; use --filter db.*")
      ->group(kLegacyGroup);
  command.add_option("-a,--database_collections", db_collections,
                     "v0.4: JSON {\"db1\":[\"c1\",\"c2\"],\"db2\":[]} (an empty list: the whole database); "
                     "use --filter")
      ->group(kLegacyGroup);
}

Result<std::string> LegacySelection::filter() const {
  if (!db_collections.empty()) return server::db_collections_filter(db_collections, "-a/--database_collections");
  if (!databases.empty()) {
    nlohmann::json whole = nlohmann::json::object();
    for (const auto db : meta::split(databases, ',')) whole[std::string(db)] = nlohmann::json::array();
    return server::db_collections_filter(whole.dump(), "-d/--databases");
  }
  if (collections.empty()) return std::string();
  std::vector<std::string> names;
  for (const auto name : meta::split(collections, ',')) names.emplace_back(name);
  return server::collection_names_filter(names);
}

}  // namespace mb::cli
