#include "restore/restore_options.h"

#include "meta/names.h"

namespace mb::restore {

Status validate_restore_options(const RestoreOptions& options) {
  if (options.backup_name.empty()) return fail(ErrorCode::kInvalidArgument, "backup name is required");
  MB_CHECK(meta::validate_backup_name(options.backup_name));
  if (!options.suffix.empty() && !options.rename.empty()) {
    return fail(ErrorCode::kInvalidArgument, "suffix and rename flag cannot be set at the same time");
  }
  if (options.drop_exist_collection && options.skip_create_collection) {
    return fail(ErrorCode::kInvalidArgument,
                "drop_exist_collection and skip_create_collection cannot be true at the same time");
  }
  if (options.rbac) {
    // Milvus 2.3 has neither BackupRBAC nor RestoreRBAC, and this build talks to no newer server
    // about RBAC; failing up front beats restoring data and then failing.
    return fail(ErrorCode::kInvalidArgument,
                "--rbac is not supported: restoring users, roles and grants needs the RestoreRBAC RPC "
                "(Milvus 2.4+), which this tool does not implement");
  }
  return {};
}

}  // namespace mb::restore
