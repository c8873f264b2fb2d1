// Names a user gives or the tool makes up, and the checks on strings that end up in storage keys.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "util/error.h"

namespace mb::meta {

inline constexpr size_t kMaxBackupNameLength = 128;

// The Go tool's rule, ^[A-Za-z_][A-Za-z0-9_]{0,127}$, checked in its order and with its messages
// ("backup name should start with an underscore or letter", ...). Error(kInvalidArgument); the
// context says which character broke the rule and where.
Status validate_backup_name(std::string_view name);

// "backup_YYYY_MM_DD_HH_MM_SS_<nanos>" in UTC, nanos not zero-padded, as the Go tool names a backup
// created without --name.
std::string auto_backup_name(std::chrono::system_clock::time_point now);
// "restore_YYYY_MM_DD_HH_MM_SS_<nanos>", the Go tool's id of a restore task without one.
std::string auto_restore_id(std::chrono::system_clock::time_point now);

// For any user-supplied string that becomes part of an object key (root paths, prefixes, names from
// the REST API): refuses an empty value, a leading '/', a ".." path segment, invalid UTF-8, NUL and
// other control characters, so that a key can neither escape its prefix nor be mangled by a store.
// `what` names the value in the message ("backup root path"); the message says which character and
// at which byte.
Status validate_key_part(std::string_view value, std::string_view what);

}  // namespace mb::meta
