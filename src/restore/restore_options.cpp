#include "restore/restore_options.h"

#include <charconv>

#include "meta/names.h"

namespace mb::restore {

Result<HostPort> parse_host_port(const std::string& text, const std::string& flag) {
  const auto colon = text.rfind(':');
  const auto bad = [&] {
    return fail(Error(ErrorCode::kInvalidArgument, flag + " must be HOST:PORT").with("value", text));
  };
  if (colon == std::string::npos || colon == 0) return bad();
  std::string host = text.substr(0, colon);
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  int port = 0;
  const std::string digits = text.substr(colon + 1);
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (host.empty() || digits.empty() || error != std::errc() || end != digits.data() + digits.size() || port <= 0 ||
      port > 65535) {
    return bad();
  }
  return HostPort{.host = std::move(host), .port = port};
}

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
  if (!options.verify_source.empty()) {
    if (!options.verify) return fail(ErrorCode::kInvalidArgument, "--verify_source needs --verify");
    MB_CHECK(parse_host_port(options.verify_source, "--verify_source"));
  }
  if (options.verify && options.meta_only) {
    return fail(ErrorCode::kInvalidArgument, "--verify checks restored rows, which --meta_only does not restore");
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
