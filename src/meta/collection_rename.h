// The Go tool's --rename grammar for restore: comma-separated "from:to" pairs whose two sides are
// the same kind of namespace rule (namespace_rule.h):
//   db1.*:db2.*        every collection of db1 goes to db2, same collection name
//   db.coll:db2.coll2  one collection to another database and/or name
//   coll:coll2         the same within database "default"
//   db1.:db2.          accepted and ignored, as the Go CLI does
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace mb::meta {

struct Namespace {
  std::string db_name;
  std::string collection_name;
  bool operator==(const Namespace&) const = default;
};

struct CollectionRename {
  std::map<std::string, std::string> database_renames;  // from "db1.*:db2.*"
  // "db.coll" -> targets. Two spellings of one source ("coll" and "default.coll") give two targets,
  // and the collection is restored to both, as in the Go tool.
  std::map<std::string, std::vector<Namespace>> collection_renames;

  // Where a collection of the backup is restored to: a collection rename wins over a database
  // rename; without either the collection keeps its namespace.
  std::vector<Namespace> apply(const Namespace& source) const;
  bool operator==(const CollectionRename&) const = default;
};

// "" renames nothing. A pair without ':' is Error(kInvalidArgument) "rename collection format
// error: <pair>"; sides of different kinds are "filter: invalid mapper rule: <from> -> <to>". A later
// pair with the same left side replaces an earlier one.
Result<CollectionRename> parse_collection_rename(std::string_view text);

}  // namespace mb::meta
