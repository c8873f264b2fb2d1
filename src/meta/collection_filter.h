// The Go tool's --filter grammar: comma-separated rules, each one of
//   db.*     every collection of database db
//   db.coll  collection coll of database db
//   coll     collection coll of database "default"
//   db.      database db itself, none of its collections
// Names are \w+ (ASCII letters, digits, '_'). Rules apply left to right: "db.*" and "db." replace
// what earlier rules said about db.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "util/error.h"

namespace mb::meta {

struct DatabaseFilter {
  bool all_collections = false;
  std::set<std::string> collections;  // when not all_collections
  bool operator==(const DatabaseFilter&) const = default;
};

struct CollectionFilter {
  // Empty: no filter was given, everything passes.
  std::map<std::string, DatabaseFilter> databases;

  bool allows_database(std::string_view db_name) const;
  bool allows_collection(std::string_view db_name, std::string_view collection_name) const;
  bool operator==(const CollectionFilter&) const = default;
};

// "" is no filter. A bad rule is Error(kInvalidArgument) "filter: invalid filter rule: <rule>".
Result<CollectionFilter> parse_collection_filter(std::string_view text);

}  // namespace mb::meta
