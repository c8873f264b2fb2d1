// The v0.4 forms of create, restore and list that scripts written for Milvus 2.3 hold (0.5 and
// later need Milvus 2.4, so v0.4 is what those users run). The Go tool dropped them in 0.6; we
// accept each with v0.4's meaning, as the option that replaced it, and list them in --help under
// "Legacy (v0.4)".
//
//   create  -c,--colls a,db.b                    --filter default.a,db.b
//           -d,--databases db1,db2               --filter db1.*,db2.*
//           -a,--database_collections '{"db":["c"],"db2":[]}'   --filter db.c,db2.*
//           -f,--force                           --strategy skip_flush
//           --meta_only                          --strategy meta_only
//   restore -c,--collections / -d / -a           the same selections, of the backup's own names
//                                                (before any rename), as the REST API's
//                                                collection_names / db_collections
//           --restore_index                      --rebuild_index
//   list    -c,--collection NAME                 only the backups holding a collection NAME
//
// v0.4's precedence holds: -a over -d over -c. A legacy form given together with the option that
// replaced it is an error rather than a guess.
#pragma once

#include <string>

#include "util/error.h"

namespace CLI {
class App;
}  // namespace CLI

namespace mb::cli {

inline constexpr const char* kLegacyGroup = "Legacy (v0.4)";

struct LegacySelection {
  std::string collections{};     // -c: "coll,db.coll"
  std::string databases{};       // -d: "db1,db2"
  std::string db_collections{};  // -a: {"db":["c1"],"db2":[]}

  // Adds -c (named `collections_flag`, e.g. "-c,--colls"), -d and -a to `command`.
  void add_to(CLI::App& command, const std::string& collections_flag);
  bool given() const { return !collections.empty() || !databases.empty() || !db_collections.empty(); }
  // The filter rules they stand for, comma-joined; "" when none is given.
  Result<std::string> filter() const;
};

}  // namespace mb::cli
