#include "verify/backup_verifier.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "meta/backup_layout.h"
#include "meta/names.h"

namespace mb::verify {
namespace {

Result<std::vector<std::string>> list_backup_names(storage::ObjectStore& store, std::string_view backup_root) {
  const std::string root_dir = backup_root.empty() ? std::string() : std::string(backup_root) + "/";
  auto listed = store.list_all(root_dir, false);
  if (!listed) return fail(wrap(std::move(listed).error(), "list backups under '" + root_dir + "'"));
  std::vector<std::string> names;
  for (const auto& entry : *listed) {
    if (entry.key.ends_with('/')) names.push_back(entry.key.substr(root_dir.size(), entry.key.size() - root_dir.size() - 1));
  }
  return names;
}

BackupVerdict verify_one(storage::ObjectStore& store, std::string_view backup_root, const std::string& name,
                         const VerifyOptions& options, VerifyProgress* progress, const CancellationToken* cancel) {
  BackupVerdict verdict{.backup = name};
  if (auto valid = meta::validate_backup_name(name); !valid) {
    verdict.error = valid.error().to_string();
    return verdict;
  }
  const std::string dir = meta::backup_dir(backup_root, name);
  auto files = read_backup_files(store, dir, name, Scope{});
  if (!files) {
    verdict.error = files.error().to_string();
    return verdict;
  }
  StructureResult structure = check_structure(*files, Scope{});
  verdict.problems = std::move(structure.problems);
  verdict.unchecked = std::move(structure.unchecked);
  verdict.unaccounted = std::move(structure.unaccounted);
  verdict.files_checked = structure.files_checked;
  if (!options.read_data) return verdict;
  if (!structure.manifest) {
    verdict.unchecked.push_back("--read-data: without a manifest there is no CRC32C to compare the files with");
    return verdict;
  }
  const auto selected = select_subset(std::move(structure.data_files), options.subset);
  if (progress) progress->reading = true;
  auto data = check_data(store, dir, name, selected, options.data, progress ? &progress->read : nullptr, cancel);
  if (!data) {
    verdict.error = data.error().to_string();
    return verdict;
  }
  verdict.problems.insert(verdict.problems.end(), data->problems.begin(), data->problems.end());
  verdict.files_read = data->files_read;
  verdict.bytes_read = data->bytes_read;
  return verdict;
}

}  // namespace

Result<VerifyReport> verify_backups(storage::ObjectStore& store, std::string_view backup_root,
                                    const VerifyOptions& options, VerifyProgress* progress,
                                    const CancellationToken* cancel) {
  std::vector<std::string> names = options.names;
  if (names.empty()) {
    MB_TRY(listed, list_backup_names(store, backup_root));
    names = std::move(listed);
  }
  VerifyReport report{.read_data = options.read_data, .subset = options.subset.to_string()};
  if (progress) progress->backups_total = names.size();
  for (const auto& name : names) {
    if (cancel && cancel->cancelled()) return fail(ErrorCode::kCancelled, "verify cancelled");
    report.backups.push_back(verify_one(store, backup_root, name, options, progress, cancel));
    if (progress) ++progress->backups_done;
  }
  if (cancel && cancel->cancelled()) return fail(ErrorCode::kCancelled, "verify cancelled");
  return report;
}

Error damage_error(std::string_view backup_name, std::string_view backup_dir, const std::vector<Problem>& problems) {
  const Problem& first = problems.front();
  Error error(ErrorCode::kCorrupt,
              fmt::format("backup {} is damaged: {}{}", backup_name, first.to_string(),
                          problems.size() > 1 ? fmt::format(" (and {} more problem(s); run `verify -n {}`)",
                                                            problems.size() - 1, backup_name)
                                              : std::string()));
  error.with("backup", std::string(backup_name));
  if (!first.collection.empty()) error.with("collection", first.collection);
  error.with("key", std::string(backup_dir) + first.key);
  return error;
}

Result<RecordedChecksums> require_intact_structure(storage::ObjectStore& store, std::string_view backup_dir,
                                                   std::string_view backup_name,
                                                   const std::set<int64_t>& collection_ids) {
  const Scope scope{.collection_ids = collection_ids};
  auto files = read_backup_files(store, backup_dir, backup_name, scope);
  if (!files) return fail(wrap(std::move(files).error(), "check backup " + std::string(backup_name)));
  StructureResult structure = check_structure(*files, scope);
  if (!structure.problems.empty()) return fail(damage_error(backup_name, backup_dir, structure.problems));
  for (const auto& what : structure.unchecked) spdlog::info("backup {}: not checked: {}", backup_name, what);
  RecordedChecksums recorded;
  for (auto& file : structure.data_files) recorded.emplace(file.key, std::move(file));
  return recorded;
}

Status require_recorded_checksums(storage::ObjectStore& staged_store, std::string_view backup_name,
                                  std::string_view backup_dir, const std::vector<StagedFile>& files, const RecordedChecksums& recorded,
                                  const DataCheckOptions& options, const CancellationToken* cancel) {
  std::vector<Problem> problems;
  std::vector<DataFile> to_read;  // staged keys, with the recorded checksum
  std::map<std::string, std::string, std::less<>> backup_key_of;
  for (const auto& file : files) {
    const auto it = recorded.find(file.backup_key);
    if (it == recorded.end()) continue;
    if (!file.crc32c) {
      to_read.push_back(DataFile{.key = file.staged_key, .size = it->second.size, .crc32c = it->second.crc32c,
                                 .collection = it->second.collection});
      backup_key_of.emplace(file.staged_key, file.backup_key);
    } else if (*file.crc32c != it->second.crc32c) {
      problems.push_back(Problem{.backup = std::string(backup_name),
                                 .collection = it->second.collection,
                                 .key = file.backup_key,
                                 .kind = std::string(kChecksum),
                                 .expected = fmt::format("{:08x}", it->second.crc32c),
                                 .found = fmt::format("{:08x}", *file.crc32c),
                                 .message = "the file does not match its CRC32C in the manifest"});
    }
  }
  if (problems.empty() && !to_read.empty()) {
    MB_TRY(read, check_data(staged_store, "", backup_name, to_read, options, nullptr, cancel));
    problems = std::move(read.problems);
    for (auto& problem : problems) problem.key = backup_key_of.at(problem.key);
  }
  if (!problems.empty()) return fail(damage_error(backup_name, backup_dir, problems));
  return {};
}

}  // namespace mb::verify
