// What a user asks of a restore: the Go tool's `restore` flags (and its REST request), plus our
// --verify. Validation follows the Go tool's rules and messages.
#pragma once

#include <string>

#include "util/error.h"

namespace mb::restore {

struct RestoreOptions {
  std::string backup_name{};
  std::string filter{};  // --filter: matched against the target names (after rename/suffix)
  // The REST API's collection_names/db_collections: matched against the backup's own names, before
  // any rename. A collection is restored when both filters (each when given) select it.
  std::string source_filter{};
  std::string suffix{};  // -s/--suffix: appended to every restored collection's name
  std::string rename{};  // -r/--rename: "db1.c1:db2.c2,db1.*:db3.*"
  bool drop_exist_collection = false;
  bool drop_exist_index = false;
  bool skip_create_collection = false;
  // ours, with skip_create_collection: import into a target that already holds rows (or that this
  // backup was already imported into) instead of refusing
  bool allow_append = false;
  bool rebuild_index = false;  // create the backed-up indexes (before the data, as the Go tool does)
  bool use_auto_index = false;  // vector indexes as AUTOINDEX with the backed-up metric type
  bool meta_only = false;       // collections, partitions and indexes, no data
  bool rbac = false;
  bool verify = false;  // ours: check the restored collections (restore_verify.h)
  // ours, with verify: HOST:PORT of a Milvus holding the backed-up collections to compare rows with;
  // reached with milvus.*'s credentials and TLS.
  std::string verify_source{};
  // ours: hand the backup's files to Milvus without checking them against the meta and our
  // manifest first (integrity_gate.h). For emergencies; logged as a warning.
  bool skip_integrity_check = false;
  // Names the temp prefix of staged binlogs (restore-temp-<id>-<db>-<coll>/); generated when empty.
  std::string task_id{};
};

struct HostPort {
  std::string host{};
  int port = 0;
};

// HOST:PORT (IPv6 as [addr]:port). Error(kInvalidArgument) naming `flag`.
Result<HostPort> parse_host_port(const std::string& text, const std::string& flag);

// The combinations the Go tool refuses, with its messages. Error(kInvalidArgument).
Status validate_restore_options(const RestoreOptions& options);

}  // namespace mb::restore
