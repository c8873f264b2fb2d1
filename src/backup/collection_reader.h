// Reads what a collection IS (its DDL) from Milvus into the backup meta model: schema, properties,
// shards, consistency level, partitions, indexes and load state. Segments come later (segment_lister).
#pragma once

#include <string>

#include "meta/backup_model.h"
#include "milvus/milvus_client.h"
#include "util/error.h"

namespace mb::backup {

// The Go tool's collDDLTask: DescribeCollection, DescribeIndex, GetLoadingProgress, ShowPartitions.
// `task_id` is recorded as the collection's id, as the Go tool does. Errors name db and collection.
Result<meta::CollectionBackupInfo> read_collection(milvus::MilvusClient& client, const std::string& db,
                                                   const std::string& collection, const std::string& task_id);

}  // namespace mb::backup
