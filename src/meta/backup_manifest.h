// Our extension of the backup format: meta/milvus_backup_cpp.json lists every file this tool
// copied into the backup with its size and CRC32C, so a backup can be verified without Milvus and
// without trusting the store's listing. The Go tool ignores unknown files under meta/, so the
// backup stays readable by it.
//
// It also lists the meta files written with it (meta_files) and ends with a CRC32C of its own
// text ("crc32c", the last member), so that one damaged byte anywhere in the meta is found: in a
// meta file by its checksum here, in the manifest by its own. Manifests of older versions have
// neither; they still decode, unsealed.
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
  // The meta files beside the manifest ("meta/backup_meta.json", ...), full_meta.json included.
  std::vector<ManifestFile> meta_files;
  // Decoded: the manifest carried its own checksum (and it matched). Encoding always seals.
  bool sealed = false;
  bool operator==(const BackupManifest&) const = default;
};

// Compact JSON; crc32c is written as 8 lower-case hex digits. The text ends with
// `,"crc32c":"<crc of every byte before that comma>"}`.
std::string encode_backup_manifest(const BackupManifest& manifest);
// A newer format_version than ours, a malformed value, or a text that does not match its own
// checksum (or has meta_files without one, or one without meta_files: a damaged member name) is
// Error(kCorrupt) naming file and path.
Result<BackupManifest> decode_backup_manifest(std::string_view json, std::string_view file_name);

}  // namespace mb::meta
