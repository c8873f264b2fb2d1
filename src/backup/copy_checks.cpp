#include "backup/copy_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "copy/object_checksum.h"
#include "util/parallel_tasks.h"

namespace mb::backup {

Status verify_copies(storage::ObjectStore& store, std::span<const std::string> prefixes,
                     std::span<const copy::CopyJob> jobs) {
  std::unordered_map<std::string_view, uint64_t> expected;
  expected.reserve(jobs.size());
  for (const auto& job : jobs) expected.emplace(job.dst_key, job.size);

  std::vector<std::string> wrong_size;
  for (const auto& prefix : prefixes) {
    auto listed = store.list_all(prefix, true);
    if (!listed) return fail(wrap(std::move(listed).error(), "list the copied files under " + prefix));
    for (const auto& object : *listed) {
      const auto it = expected.find(object.key);
      if (it == expected.end()) continue;
      if (object.size != it->second) {
        wrong_size.push_back(fmt::format("{} ({} bytes, {} expected)", object.key, object.size, it->second));
      }
      expected.erase(it);
    }
  }
  if (!wrong_size.empty()) {
    return fail(Error(ErrorCode::kCorrupt, fmt::format("{} copied file(s) have the wrong size, e.g. {}",
                                                       wrong_size.size(), wrong_size.front()))
                    .with("store", store.describe()));
  }
  if (!expected.empty()) {
    return fail(Error(ErrorCode::kCorrupt, fmt::format("{} copied file(s) are missing from the backup, e.g. {}",
                                                       expected.size(), expected.begin()->first))
                    .with("store", store.describe()));
  }
  return {};
}

Status fill_checksums(storage::ObjectStore& store, std::vector<copy::CopiedObject>& objects, int concurrency,
                      size_t buffer_size, copy::MemoryBudget& budget, const CancellationToken* cancel) {
  std::vector<copy::CopiedObject*> unknown;
  for (auto& object : objects) {
    if (!object.crc32c) unknown.push_back(&object);
  }
  return run_bounded(
      unknown.size(), concurrency,
      [&](size_t index) -> Status {
        // The size was checked by verify_copies' listing; a short read means the object changed since.
        auto crc = copy::read_crc32c(store, unknown[index]->dst_key, unknown[index]->size, buffer_size, budget, cancel);
        if (!crc) return fail(wrap(std::move(crc).error(), "read back the backup file"));
        unknown[index]->crc32c = *crc;
        return {};
      },
      cancel);
}

}  // namespace mb::backup
