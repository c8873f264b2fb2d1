// Which binlog files make up each flushed segment. Milvus 2.3 has no API that names a segment's
// files (the REST segment describe came in 2.5.8), so they are found the Go tool's other way: by
// listing Milvus's storage. One recursive listing each of <milvus root>/insert_log/C/ and
// <milvus root>/delta_log/C/ covers the whole collection; the keys are then grouped per segment.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "meta/backup_model.h"
#include "milvus/milvus_client.h"
#include "milvus/milvus_types.h"
#include "storage/object_store.h"
#include "util/error.h"
#include "util/retry.h"

namespace mb::backup {

// GetPersistentSegmentInfo, asked again when Milvus answers with an error: it reports a segment
// as not found while a compaction is replacing it, as the Go tool found (it retries too).
// Unreachable servers are the client's to retry; their errors come back at once.
Result<std::vector<milvus::SegmentInfo>> persistent_segments(
    milvus::MilvusClient& client, const std::string& db, const std::string& collection,
    const retry::Policy& policy = {.max_attempts = 10,
                                   .initial_backoff = std::chrono::milliseconds(200),
                                   .max_backoff = std::chrono::seconds(3)});

struct CollectionBinlogListing {
  std::string insert_dir{};                        // "<milvus root>/insert_log/C/"
  std::string delta_dir{};                         // "<milvus root>/delta_log/C/"
  std::vector<storage::ObjectInfo> insert_logs{};  // everything under insert_dir
  std::vector<storage::ObjectInfo> delta_logs{};   // everything under delta_dir
};

Result<CollectionBinlogListing> list_collection_binlogs(storage::ObjectStore& milvus_store,
                                                        std::string_view milvus_root, int64_t collection_id);

// The segments to back up, each with its files from the listing, as the Go tool builds them
// (getSegmentInfoByListFile): insert logs grouped per field (sorted by field, then log id), all
// delta logs in one entry with field id 0, size = the bytes of both, group id per backup_layout.h.
//
// Only Flushed segments are taken: a Sealed or Flushing one is still being written, so its files
// are incomplete (after a flush, such segments hold rows newer than the flush anyway).
// Files of other segments (dropped or compacted away, not yet collected) are ignored.
// Error(kCorrupt), naming the segment, when its fields do not all have the same number of files,
// when a segment that is not L0 has no insert log at all, or when an object under a segment's
// directory is not a binlog key.
Result<std::vector<meta::SegmentBackupInfo>> group_segment_binlogs(int64_t collection_id,
                                                                   const std::vector<milvus::SegmentInfo>& segments,
                                                                   const CollectionBinlogListing& listing);

}  // namespace mb::backup
