// Our extension of the backup format: meta/milvus_backup_cpp.json lists every file this tool
// copied into the backup with its size and CRC32C, so a backup can be verified without Milvus and
// without trusting the store's listing. The Go tool ignores unknown files under meta/, so the
// backup stays readable by it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace mb::meta {

inline constexpr std::string_view kBackupManifestFile = "milvus_backup_cpp.json";

// Bumped when a reader of an older layout could misread the file.
inline constexpr int64_t kBackupManifestFormatVersion = 1;

struct ManifestFile {
  // Relative to the backup directory ("binlogs/insert_log/C/P/G/S/F/L"), so the backup can be moved
  // to another bucket or root path and still verify.
  std::string key;
  int64_t size = 0;
  uint32_t crc32c = 0;
  bool operator==(const ManifestFile&) const = default;
};

struct BackupManifest {
  int64_t format_version = kBackupManifestFormatVersion;
  std::string tool_version;  // the version of milvus-backup (C++) that wrote the backup
  int64_t start_time_unix_ms = 0;
  int64_t end_time_unix_ms = 0;
  std::vector<ManifestFile> files;
  bool operator==(const BackupManifest&) const = default;
};

// Compact JSON; crc32c is written as 8 lower-case hex digits.
std::string encode_backup_manifest(const BackupManifest& manifest);
// A newer format_version than ours, or a malformed value, is Error(kCorrupt) naming file and path.
Result<BackupManifest> decode_backup_manifest(std::string_view json, std::string_view file_name);

}  // namespace mb::meta
