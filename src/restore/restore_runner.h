// `restore`: a backup's collections back into a Milvus, all checks before any change.
//
//   plan (names, filter, import jobs)  ->  list the backup's files (directory_binlogs,
//   check_backup_files)  ->  create missing databases  ->  check every target
//   (exists / missing)  ->  per collection, up to restore.concurrency.collections at once:
//   DDL (collection_creator)  ->  stage binlogs  ->  import  ->  remove temp files  ->  verify
//   (restore_verify)
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "copy/progress.h"
#include "meta/backup_model.h"
#include "milvus/milvus_client.h"
#include "restore/importer.h"
#include "restore/restore_options.h"
#include "restore/restore_verify.h"
#include "storage/object_store.h"
#include "util/cancellation.h"
#include "util/error.h"

namespace mb::restore {

struct RestoreProgress {
  std::atomic<uint64_t> collections_total{0};
  std::atomic<uint64_t> collections_done{0};
  std::atomic<uint64_t> import_jobs_total{0};
  std::atomic<uint64_t> import_jobs_done{0};
  copy::CopyProgress copy{};
};

struct RestoredCollection {
  std::string source{};  // "db.coll" in the backup
  std::string target{};  // "db.coll" restored to
  int64_t rows = 0;    // as Milvus reported the imports
  int64_t size = 0;    // bytes of the collection's backup (the Go tool's to_restore_size)
  uint64_t import_jobs = 0;
  std::optional<VerifyReport> verify{};
};

struct RestoreResult {
  std::string task_id{};
  std::vector<RestoredCollection> collections{};
  bool verify_passed() const;
};

// What a restore runs against; restore_backup (api) wires the real servers, tests wire fakes.
struct RestoreEnvironment {
  milvus::MilvusClient* client = nullptr;
  storage::ObjectStore* backup_store = nullptr;
  storage::ObjectStore* milvus_store = nullptr;
  std::string backup_root{};  // root_prefix(backup.storage)
  ImportSettings import_settings{};
  // With options.verify_source: connected to it by the caller.
  milvus::MilvusClient* verify_source = nullptr;
  VerifySettings verify_settings{};
};

Result<RestoreResult> run_restore(const config::Config& config, const RestoreOptions& options,
                                  const meta::BackupInfo& backup, RestoreEnvironment& env,
                                  const CancellationToken* cancel = nullptr, RestoreProgress* progress = nullptr);

}  // namespace mb::restore
