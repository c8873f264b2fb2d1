// What a user asks of `create`: the Go tool's flags, parsed and checked before anything is touched.
#pragma once

#include <string>
#include <string_view>

#include "util/error.h"

namespace mb::backup {

// When the backup's point in time is fixed: whether, and how, Milvus is flushed first.
enum class Strategy {
  kAuto,         // bulk_flush where the server has FlushAll, serial_flush otherwise
  kMetaOnly,     // schemas, partitions and indexes only; no data
  kSkipFlush,    // copy what is already flushed; growing segments are left out
  kBulkFlush,    // one FlushAll for the whole cluster (Milvus 2.6.11+)
  kSerialFlush,  // Flush each collection, then copy it
};

// What carries the data: binlog files copied by the tool, or a snapshot bundle Milvus 3.0 exports.
enum class Format { kAuto, kBinlog, kSnapshot };

std::string_view to_string(Strategy strategy);

// "" is kAuto. Otherwise one of meta_only, skip_flush, bulk_flush, serial_flush; "snapshot" gets the
// Go tool's hint that it is a format. Error(kInvalidArgument).
Result<Strategy> parse_strategy(std::string_view text);
// "" and "auto" are kAuto; "binlog", "snapshot". Error(kInvalidArgument).
Result<Format> parse_format(std::string_view text);

struct CreateOptions {
  std::string name{};    // empty: the Go tool's automatic name
  std::string filter{};  // --filter grammar (meta/collection_filter.h); empty: every database
  std::string strategy{};
  std::string format{};
  bool rbac = false;
  bool backup_index_extra = false;
  // The backup's id in its meta; empty: a fresh uuid. The server passes its job id, so that
  // create, get_backup and list name one backup by one id, as the Go tool does.
  std::string id{};
  // ours: over a half-written backup of the same name (stale lock, no full meta), start over
  // instead of keeping the files already there
  bool no_resume = false;
};

}  // namespace mb::backup
