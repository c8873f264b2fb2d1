// What `verify` found: per backup, one record per problem (which key, what was expected, what was
// found), the checks it could not do, and the objects nothing in the backup accounts for.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mb::verify {

// Kinds of problem, as they appear in the JSON output.
inline constexpr std::string_view kUnreadable = "unreadable";          // a meta file does not parse
inline constexpr std::string_view kMetaDisagrees = "meta_disagrees";   // two meta files say different things
inline constexpr std::string_view kMissing = "missing";                // an object the meta names is not there
inline constexpr std::string_view kWrongSize = "wrong_size";
inline constexpr std::string_view kChecksum = "checksum_mismatch";
inline constexpr std::string_view kMissingField = "missing_field";     // a segment lacks a schema field's binlogs
inline constexpr std::string_view kMisaligned = "misaligned_binlogs";  // fields of a segment differ in file count
inline constexpr std::string_view kSizesDisagree = "sizes_do_not_add_up";
inline constexpr std::string_view kNotInManifest = "not_in_manifest";  // a binlog our manifest does not list
inline constexpr std::string_view kNotInMeta = "not_in_meta";          // a manifest file the meta does not name

struct Problem {
  std::string backup{};
  std::string collection{};  // "db.coll" when the problem belongs to one
  std::string key{};         // relative to the backup directory: "meta/full_meta.json", "binlogs/..."
  std::string kind{};
  std::string expected{};
  std::string found{};
  std::string message{};

  // "<kind> <key>: <message> (expected <e>, found <f>)"
  std::string to_string() const;
};

struct BackupVerdict {
  std::string backup{};
  std::vector<Problem> problems{};
  // Checks that could not be done, and why ("CRC32C of the binlogs: no manifest, ...").
  std::vector<std::string> unchecked{};
  // Objects under the backup that neither the meta nor the manifest names: reported, not an error.
  std::vector<std::string> unaccounted{};
  uint64_t files_checked = 0;  // objects whose presence and size were checked
  uint64_t files_read = 0;     // objects read whole for their CRC32C (--read-data)
  uint64_t bytes_read = 0;
  std::string error{};  // non-empty: the backup could not be verified at all (storage unreachable, ...)
};

struct VerifyReport {
  std::vector<BackupVerdict> backups{};
  bool read_data = false;
  std::string subset{};  // "all", "2/5", "10%"

  bool damaged() const;
  bool could_not_run() const;
  // 0: every backup whole; 1: some backup damaged; 2: some backup could not be verified (and none
  // was found damaged).
  int exit_code() const;
};

// Human-readable, one line per problem, then the summary per backup.
std::string render_verify_text(const VerifyReport& report);
// {"ok":bool,"read_data":bool,"subset":"...","problems":[{backup,collection,key,kind,expected,found,message}],
//  "backups":[{backup,status,files_checked,files_read,bytes_read,unchecked,unaccounted,error}]}
std::string render_verify_json(const VerifyReport& report);

}  // namespace mb::verify
