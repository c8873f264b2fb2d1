#include "restore/staged_leftovers.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "restore/binlog_stager.h"

namespace mb::restore {

Result<std::vector<StagedDir>> list_staged_dirs(storage::ObjectStore& milvus_store,
                                                const config::StorageConfig& milvus_storage) {
  const std::string prefix = temp_root(milvus_storage) + std::string(kTempDirPrefix);
  std::vector<StagedDir> dirs;
  auto listed = milvus_store.list(prefix, false, [&](const storage::ObjectInfo& entry) -> Status {
    if (entry.key.ends_with('/')) dirs.push_back(StagedDir{.prefix = entry.key});
    return {};
  });
  if (!listed) return fail(wrap(std::move(listed).error(), "list the staged restore files under " + prefix));
  for (auto& dir : dirs) {
    MB_TRY(objects, milvus_store.list_all(dir.prefix, true));
    for (const auto& object : objects) {
      ++dir.objects;
      dir.bytes += object.size;
      dir.newest_mtime_unix = std::max(dir.newest_mtime_unix, object.mtime_unix);
    }
  }
  return dirs;
}

bool is_abandoned(const StagedDir& dir, int64_t now_unix, std::chrono::seconds max_age) {
  return dir.newest_mtime_unix > 0 && now_unix - dir.newest_mtime_unix >= max_age.count();
}

Status remove_staged_leftovers(storage::ObjectStore& milvus_store, const config::StorageConfig& milvus_storage,
                               const std::string& restore_id, std::chrono::seconds max_age) {
  MB_TRY(dirs, list_staged_dirs(milvus_store, milvus_storage));
  const std::string own = temp_root(milvus_storage) + std::string(kTempDirPrefix) + restore_id + "-";
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  for (const auto& dir : dirs) {
    const bool mine = dir.prefix.starts_with(own);
    if (!mine && !is_abandoned(dir, now, max_age)) continue;
    spdlog::info("removing staged restore files {} ({} file(s), {} bytes) left by {}", dir.prefix, dir.objects,
                 dir.bytes, mine ? "an earlier run of this restore" : "an abandoned restore");
    MB_CHECK(milvus_store.remove_prefix(dir.prefix));
  }
  return {};
}

}  // namespace mb::restore
