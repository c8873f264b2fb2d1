// The DDL half of restoring one collection, in the Go tool's order: drop the existing collection
// (when asked), create it from the backed-up schema, drop existing indexes (when asked), create the
// backed-up indexes (when asked; before the data, so Milvus builds them as segments land), then
// create every backed-up partition that is missing.
#pragma once

#include <string>
#include <vector>

#include "milvus/milvus_client.h"
#include "restore/restore_options.h"
#include "restore/restore_plan.h"
#include "util/error.h"

namespace mb::restore {

// Creates the target databases that do not exist yet. Error(kInvalidArgument) when the server has
// no databases (older than 2.2.9) and a target is not "default".
Status ensure_databases(milvus::MilvusClient& client, const std::vector<std::string>& databases);

// Before anything is changed: the target must not exist unless it is to be dropped or reused, and
// must exist when creation is skipped. Error(kAlreadyExists) / Error(kNotFound) naming it.
Status check_target(milvus::MilvusClient& client, const CollectionTask& task, const RestoreOptions& options);

Status create_collection_ddl(milvus::MilvusClient& client, const CollectionTask& task, const RestoreOptions& options);

// The CreateIndex requests for the backed-up indexes: vector indexes first, then scalar ones.
std::vector<milvus::CreateIndexSpec> index_specs(const CollectionTask& task, bool use_auto_index);

}  // namespace mb::restore
