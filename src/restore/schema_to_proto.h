// A backed-up collection schema as Milvus's CreateCollection takes it, converted field for field
// the way the Go restore does (coll_ddl_task.go): the dynamic "$meta" field is left out because
// Milvus adds it itself when enable_dynamic_field is set.
#pragma once

#include <string>

#include "meta/backup_model.h"
#include "milvus/milvus_types.h"
#include "util/error.h"

namespace mb::restore {

// `name` is the target collection's name. A default value that does not parse as
// schemapb.ValueField is Error(kCorrupt) naming the field.
Result<milvus::schema_pb::CollectionSchema> to_milvus_schema(const meta::CollectionSchema& schema,
                                                             const std::string& name);

milvus::KeyValues to_key_values(const std::vector<meta::KeyValuePair>& pairs);

}  // namespace mb::restore
