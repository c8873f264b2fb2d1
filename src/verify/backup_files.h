// What verify reads of one backup before it judges it: the listing of its objects and the text of
// its meta files. Separate from the checks (structure_check.h) so that those are pure functions.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "storage/object_store.h"
#include "util/error.h"

namespace mb::verify {

// Which collections to check; nullopt: the whole backup (and report unaccounted objects).
struct Scope {
  std::optional<std::set<int64_t>> collection_ids{};
};

struct BackupFiles {
  std::string name{};
  std::string dir{};  // "<root>/<name>/" in the store
  // Every object listed (under the whole backup, or under meta/ and the scoped collections' binlog
  // folders): key relative to dir -> size.
  std::map<std::string, uint64_t, std::less<>> objects{};
  // "meta/<file>.json" -> its text, for every meta file verify reads (the five and the manifest).
  std::map<std::string, std::string, std::less<>> meta{};
  bool whole_backup = true;  // objects lists the whole backup
};

// Lists and reads. Error(kNotFound) when nothing is under the backup's directory; storage errors
// as they come (the backup could not be verified).
Result<BackupFiles> read_backup_files(storage::ObjectStore& store, std::string_view backup_dir,
                                      std::string_view name, const Scope& scope);

}  // namespace mb::verify
