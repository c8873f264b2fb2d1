// `config migrate`: a v1 config file rewritten as a v2 one that loads to the same settings, with a
// report of where each v1 setting went.
#pragma once

#include <string>
#include <vector>

#include "config/loader.h"
#include "util/error.h"

namespace mb::config {

struct MigrateOptions {
  // The v1 file (located as `load` locates it), the environment and the --set values, read the way
  // loading that file would read them.
  LoadOptions input;
  // Fail when the result is not a valid v2 config, rather than listing its problems in the report.
  bool strict = false;
};

// What a person should know about a migration. No line holds a secret's value.
struct MigrationReport {
  std::vector<std::string> mapped;       // "minio.address -> milvus.storage.address", per v1 setting given
  std::vector<std::string> not_carried;  // settings removed in v2, unused with this provider, or unknown
  std::vector<std::string> notes;        // values written out or left to the environment, and why; warnings
  std::vector<std::string> environment;  // v1 env vars set now, with what replaced each
};

struct Migration {
  std::string source_file;  // the v1 file read
  // The v2 document: `configVersion: v2`, then only the values the v1 settings decided, nested
  // under their v2 keys. Secrets v1 read from env vars are left out; a comment names their v2 vars.
  std::string yaml;
  MigrationReport report;
};

// Fails for a missing or unreadable file, a file that is already v2 (or names another version), v1
// values that do not parse, and with `strict` a result that does not validate as v2.
Result<Migration> migrate_v1(const MigrateOptions& options);

// The report as `config migrate` prints it on stderr; sections without lines are left out.
std::string render_report(const Migration& migration);

// Writes the document to `path` through a temporary file in the same directory renamed over it, so
// no reader sees half a file. An existing file is an error unless `overwrite`.
Status write_migrated_config(const std::string& path, const std::string& yaml, bool overwrite);

}  // namespace mb::config
