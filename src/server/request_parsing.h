// The Go tool's request bodies (CreateBackupRequest, RestoreBackupRequest), parsed strictly:
// malformed JSON, a body that is not an object, an unknown member or a member of the wrong type is
// refused with a message naming it (the Go tool silently ignores unknown members; a typo such as
// "asnyc" would then run a sync job). null counts as absent, as in Go. Names that end up in a
// filter or rename rule are checked here, so a value cannot smuggle in a second rule.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/backup_api.h"
#include "api/restore_api.h"
#include "milvus_backup/service.h"
#include "util/error.h"

namespace mb::server {

struct CreateRequest {
  std::string backup_name{};
  bool async = false;
  api::CreateOptions options{};  // name, filter (from filter / db_collections / collection_names), strategy...
  // Per-request overrides of the configuration.
  bool gc_pause_enable = false;      // OR-ed with backup.pauseGC
  std::string gc_pause_address{};    // milvus.management endpoint for this backup
  std::string backup_root_path{};    // backup.storage.rootPath for this backup
};

struct RestoreRequest {
  std::string request_id{};
  std::string id{};  // the restore task id; empty: the caller makes one
  bool async = false;
  std::string bucket_name{};  // backup.storage.bucketName for this restore
  std::string path{};         // backup.storage.rootPath for this restore
  api::RestoreOptions options{};
  // Members the Go tool has and we do not implement, given non-empty: the caller answers Not_Support.
  std::vector<std::string> unsupported{};
};

// Error(kInvalidArgument) with the message a 400 answer carries.
// POST /api/v1/verify (ours): {"requestId","backup_name","read_data","read_data_subset","async"}.
struct VerifyRequest {
  std::string request_id{};
  milvus_backup::VerifyRequest verify{};
  bool async = false;
};

Result<CreateRequest> parse_create_request(std::string_view body);
Result<VerifyRequest> parse_verify_request(std::string_view body);
Result<RestoreRequest> parse_restore_request(std::string_view body);

// The v0.4 selections as --filter rules, comma-joined; shared with the CLI's v0.4 -a and -c.
// db_collections: JSON text {"db": ["c1"]}, an empty list being the whole database ("" selects
// nothing); `flag` names it in messages. collection_names: "db.coll" or "coll" (database default).
Result<std::string> db_collections_filter(std::string_view text, std::string_view flag);
Result<std::string> collection_names_filter(const std::vector<std::string>& names);
// The cancel routes take their parameters in the query string: a body must be empty or `{}`.
Status check_no_parameters_in_body(std::string_view body);

// Restore task ids become part of temp object keys: [A-Za-z0-9_-], 1 to 128 characters.
Status validate_task_id(std::string_view id);

}  // namespace mb::server
