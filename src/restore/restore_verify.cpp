#include "restore/restore_verify.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace mb::restore {
namespace {

bool has_delete_logs(const meta::PartitionBackupInfo& partition) {
  return std::any_of(partition.segment_backups.begin(), partition.segment_backups.end(), [](const auto& segment) {
    return std::any_of(segment.deltalogs.begin(), segment.deltalogs.end(),
                       [](const meta::FieldBinlog& field) { return !field.binlogs.empty(); });
  });
}

}  // namespace

bool VerifyReport::passed() const {
  return std::all_of(partitions.begin(), partitions.end(), [](const PartitionCheck& p) { return p.passed; });
}

std::string VerifyReport::to_string() const {
  std::string text;
  for (const auto& p : partitions) {
    text += fmt::format("verify {} partition {}: backup {} rows{}, restored {} rows: {}\n", target, p.partition,
                        p.backup_rows, p.has_deletes ? " before deletes" : "", p.restored_rows,
                        p.passed ? "ok" : "MISMATCH");
  }
  text += fmt::format("verify {}: {}\n", target, passed() ? "PASS" : "FAIL");
  return text;
}

Result<VerifyReport> verify_restored_rows(milvus::MilvusClient& client, const CollectionTask& task) {
  MB_TRY(partitions, client.show_partitions(task.target_db, task.target_collection));
  MB_TRY(segments, client.get_persistent_segment_info(task.target_db, task.target_collection));
  std::map<int64_t, int64_t> rows_by_partition_id;
  for (const auto& segment : segments) {
    if (segment.state == milvus::common_pb::Dropped || segment.state == milvus::common_pb::NotExist) continue;
    rows_by_partition_id[segment.partition_id] += segment.num_rows;
  }
  VerifyReport report{.target = task.target_label()};
  for (const auto& backed_up : task.source.partition_backups) {
    PartitionCheck check{.partition = backed_up.partition_name, .has_deletes = has_delete_logs(backed_up)};
    for (const auto& segment : backed_up.segment_backups) {
      if (!segment.is_l0) check.backup_rows += segment.num_of_rows;
    }
    const auto target = std::find_if(partitions.begin(), partitions.end(),
                                     [&](const milvus::PartitionInfo& p) { return p.name == backed_up.partition_name; });
    if (target != partitions.end()) check.restored_rows = rows_by_partition_id[target->id];
    const bool any_deletes = check.has_deletes || !task.source.l0_segments.empty();
    check.passed = target != partitions.end() &&
                   (any_deletes ? check.restored_rows <= check.backup_rows : check.restored_rows == check.backup_rows);
    report.partitions.push_back(std::move(check));
  }
  return report;
}

}  // namespace mb::restore
