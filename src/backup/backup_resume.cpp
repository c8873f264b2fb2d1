#include "backup/backup_resume.h"

#include <spdlog/spdlog.h>

#include <unordered_map>
#include <unordered_set>

#include "backup/copy_checks.h"

namespace mb::backup {

Result<ResumePlan> resume_backup_files(storage::ObjectStore& source, storage::ObjectStore& backup,
                                       const std::string& backup_dir, std::span<const copy::CopyJob> jobs,
                                       const std::string& keep_key, const ResumeReadOptions& options,
                                       copy::MemoryBudget& budget, const CancellationToken* cancel) {
  auto listed = backup.list_all(backup_dir, true);
  if (!listed) return fail(wrap(std::move(listed).error(), "list the half-written backup under " + backup_dir));
  std::unordered_map<std::string, uint64_t> present;
  for (const auto& object : *listed) present.emplace(object.key, object.size);

  // Same key and size: worth reading both sides to compare their CRC32C.
  std::vector<size_t> candidates;
  std::vector<copy::CopiedObject> there;
  std::vector<copy::CopiedObject> origin;
  for (size_t i = 0; i < jobs.size(); ++i) {
    const auto it = present.find(jobs[i].dst_key);
    if (it == present.end() || it->second != jobs[i].size) continue;
    candidates.push_back(i);
    there.push_back(copy::CopiedObject{.dst_key = jobs[i].dst_key, .size = jobs[i].size, .crc32c = std::nullopt});
    origin.push_back(copy::CopiedObject{.dst_key = jobs[i].src_key, .size = jobs[i].size, .crc32c = std::nullopt});
  }
  if (auto summed = fill_checksums(backup, there, options.concurrency, options.buffer_size, budget, cancel); !summed) {
    return fail(wrap(std::move(summed).error(), "checksum the files a killed create left"));
  }
  if (auto summed = fill_checksums(source, origin, options.concurrency, options.buffer_size, budget, cancel);
      !summed) {
    return fail(wrap(std::move(summed).error(), "checksum the source files of a resumed backup"));
  }

  ResumePlan plan;
  std::unordered_set<size_t> kept_jobs;
  for (size_t c = 0; c < candidates.size(); ++c) {
    if (there[c].crc32c != origin[c].crc32c) {
      spdlog::info("resume: {} differs from its source (CRC32C), copying it again", there[c].dst_key);
      continue;
    }
    kept_jobs.insert(candidates[c]);
    plan.kept_bytes += there[c].size;
    plan.kept.push_back(std::move(there[c]));
  }
  std::unordered_set<std::string_view> planned;
  for (size_t i = 0; i < jobs.size(); ++i) {
    planned.insert(jobs[i].dst_key);
    if (!kept_jobs.contains(i)) plan.to_copy.push_back(jobs[i]);
  }
  for (const auto& object : *listed) {
    if (object.key != keep_key && !planned.contains(object.key)) plan.removed.push_back(object.key);
  }
  if (!plan.removed.empty()) {
    if (auto removed = backup.remove_many(plan.removed); !removed) {
      return fail(wrap(std::move(removed).error(), "remove what the resumed backup no longer holds"));
    }
  }
  return plan;
}

}  // namespace mb::backup
