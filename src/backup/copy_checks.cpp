#include "backup/copy_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "util/parallel_tasks.h"
#include "util/crc32c.h"

namespace mb::backup {
namespace {

// The size was checked by verify_copies' listing; a short read here means the object changed since.
// The buffer exists only while its bytes are reserved.
Result<uint32_t> checksum_of(storage::ObjectStore& store, const copy::CopiedObject& object, size_t buffer_size,
                             copy::MemoryBudget& budget, const CancellationToken* cancel) {
  const auto buffer_bytes = static_cast<size_t>(std::clamp<uint64_t>(object.size, 1, buffer_size));
  const auto reservation =
      budget.reserve_unless(buffer_bytes, [cancel] { return cancel != nullptr && cancel->cancelled(); });
  if (!reservation) return fail(ErrorCode::kCancelled, "cancelled");
  std::vector<std::byte> buffer(buffer_bytes);
  uint32_t crc = 0;
  uint64_t offset = 0;
  while (offset < object.size) {
    auto got = store.read_range(object.dst_key, offset, buffer);
    if (!got) return fail(wrap(std::move(got).error(), "read back for checksum").with("key", object.dst_key));
    if (*got == 0) {
      return fail(Error(ErrorCode::kCorrupt, fmt::format("backup file ends at {} bytes, {} were copied", offset,
                                                         object.size))
                      .with("key", object.dst_key));
    }
    crc = crc32c(std::span<const std::byte>(buffer).first(*got), crc);
    offset += *got;
  }
  return crc;
}

}  // namespace

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
        MB_TRY(crc, checksum_of(store, *unknown[index], buffer_size, budget, cancel));
        unknown[index]->crc32c = crc;
        return {};
      },
      cancel);
}

}  // namespace mb::backup
