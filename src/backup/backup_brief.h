// A backup as the Go tool's `get` prints it: its BackupInfoBrief message (the meta's scalars, each
// collection without partitions and segments, meta_size) as Go's encoding/json writes it, and
// json.MarshalIndent's layout.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "meta/backup_model.h"
#include "util/error.h"

namespace mb::backup {

// Compact, as the REST API sends it. Of the task fields (id, state, times, progress), which a
// stored backup does not have, only state_code and progress appear, as 0, as in the Go tool.
Result<std::string> encode_backup_brief(const meta::BackupInfo& info, int64_t meta_size);

// Go's json.Indent with no prefix: one member or element per line, "key": value, empty objects
// and arrays kept as {} and []. The input must be compact JSON.
std::string indent_go_json(std::string_view compact, std::string_view indent = "    ");

}  // namespace mb::backup
