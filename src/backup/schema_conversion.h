// Milvus's collection schema (as DescribeCollection returns it) in the backup meta model, field for
// field as the Go tool converts it (collDDLTask.convSchema).
#pragma once

#include <vector>

#include "meta/backup_model.h"
#include "milvus/milvus_types.h"

namespace mb::backup {

// A field's default value is kept as the proto bytes of schemapb.ValueField (the meta writes them
// as default_value_base64); a field without one has none.
meta::CollectionSchema to_backup_schema(const milvus::schema_pb::CollectionSchema& schema);

std::vector<meta::KeyValuePair> to_backup_pairs(const milvus::KeyValues& pairs);

}  // namespace mb::backup
