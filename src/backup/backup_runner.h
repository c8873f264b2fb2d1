// `create`: the whole backup, from the name check to the last meta file, all or nothing.
//
//   refuse an existing <root>/<name>/  ->  connect, read the version  ->  pause GC
//   -> resolve the filter  ->  read every collection's DDL  ->  per collection: flush, list its
//   segments and their binlogs  ->  copy every binlog (CopyEngine)  ->  verify sizes by listing,
//   checksum  ->  write meta/*.json, full_meta.json last  ->  resume GC
//
// A failure or a cancellation at any point after the name check removes whatever this run wrote
// under <root>/<name>/, so a half backup never stays behind (and without full_meta.json it would
// never be listed anyway).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "backup/backup_options.h"
#include "backup/backup_progress.h"
#include "backup/gc_pause.h"
#include "config/config.h"
#include "milvus/milvus_client.h"
#include "storage/object_store.h"
#include "util/cancellation.h"
#include "util/error.h"

namespace mb::backup {

struct CreateResult {
  std::string name{};
  std::string id{};    // the task id recorded in the meta
  int64_t size = 0;    // BackupInfo.size: bytes of every segment's binlogs
  uint64_t files = 0;  // binlog files copied
  uint64_t collections = 0;
};

// What a backup runs against; create_backup wires the real servers, tests wire fakes.
struct BackupEnvironment {
  // Called once the backup name is known to be free. The environment owns the client.
  std::function<Result<milvus::MilvusClient*>()> connect_milvus{};
  storage::ObjectStore* milvus_store = nullptr;
  storage::ObjectStore* backup_store = nullptr;
  GcControl gc{};
  GcPauseOptions gc_options{};
};

Result<CreateResult> run_backup(const config::Config& config, const CreateOptions& options, BackupEnvironment& env,
                                const CancellationToken* cancel = nullptr, BackupProgress* progress = nullptr);

// run_backup against the servers `config` names.
Result<CreateResult> create_backup(const config::Config& config, const CreateOptions& options,
                                   const CancellationToken* cancel = nullptr, BackupProgress* progress = nullptr);

}  // namespace mb::backup
