// The staged files restores leave in Milvus's storage (restore-temp-<id>-<db>-<collection>/)
// when they are killed before they can remove them: found by listing, removed by the next restore
// (its own at once, other restores' once abandoned) and by `gc`.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "config/config.h"
#include "storage/object_store.h"
#include "util/error.h"

namespace mb::restore {

struct StagedDir {
  std::string prefix{};  // ends with '/'
  uint64_t objects = 0;
  uint64_t bytes = 0;
  int64_t newest_mtime_unix = 0;  // 0 when the store does not say
};

// Every restore-temp-* dir at the staging root of Milvus's storage (binlog_stager's temp_root).
Result<std::vector<StagedDir>> list_staged_dirs(storage::ObjectStore& milvus_store,
                                                const config::StorageConfig& milvus_storage);

// Abandoned: nothing in it written for `max_age` (a store that gives no times: never).
bool is_abandoned(const StagedDir& dir, int64_t now_unix, std::chrono::seconds max_age);

// Removes the dirs of `restore_id` (an earlier run of this restore) and every abandoned one.
Status remove_staged_leftovers(storage::ObjectStore& milvus_store, const config::StorageConfig& milvus_storage,
                               const std::string& restore_id, std::chrono::seconds max_age);

}  // namespace mb::restore
