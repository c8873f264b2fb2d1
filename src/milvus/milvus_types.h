// The values MilvusClient takes and returns: Milvus's answers with the wire details (status,
// parallel arrays, one-element maps) already taken apart. Schema and positions stay Milvus's own
// proto messages, because the backup stores them and the restore sends them back unchanged.
// Every member has an initializer, so a designated initializer may leave any of them out (GCC 12's
// -Wmissing-field-initializers objects otherwise).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "milvus/common.pb.h"
#include "milvus/milvus.pb.h"
#include "milvus/schema.pb.h"

namespace mb::milvus {

// The generated code lives in ::milvus::proto, which `milvus::` inside this namespace would miss.
namespace common_pb = ::milvus::proto::common;
namespace schema_pb = ::milvus::proto::schema;
namespace milvus_pb = ::milvus::proto::milvus;

// Ordered as Milvus sends them; keys may repeat in principle, so not a map.
using KeyValues = std::vector<std::pair<std::string, std::string>>;

// The value of `key`, empty when absent.
std::string_view find_value(const KeyValues& pairs, std::string_view key);

struct DatabaseDescription {
  std::string name{};
  int64_t id = 0;
  uint64_t created_timestamp = 0;  // hybrid (TSO)
  KeyValues properties{};
};

// A hybrid timestamp (TSO) carries the physical time in milliseconds above 18 logical bits.
constexpr int64_t tso_unix_seconds(uint64_t hybrid) { return static_cast<int64_t>((hybrid >> 18) / 1000); }

struct CollectionListing {
  std::string name{};
  int64_t id = 0;
  uint64_t created_timestamp = 0;  // hybrid (TSO)
};

struct CollectionDescription {
  std::string db_name{};
  std::string name{};
  int64_t id = 0;
  schema_pb::CollectionSchema schema{};  // enable_dynamic_field is schema.enable_dynamic_field()
  int32_t shards_num = 0;
  common_pb::ConsistencyLevel consistency_level = common_pb::Strong;
  KeyValues properties{};
  std::vector<std::string> virtual_channels{};
  std::vector<std::string> physical_channels{};
  uint64_t created_timestamp = 0;  // hybrid (TSO)
  uint64_t created_utc_timestamp = 0;
  std::vector<std::string> aliases{};
  int64_t num_partitions = 0;
  int64_t db_id = 0;  // 2.4+; 0 from older servers
};

struct PartitionInfo {
  std::string name{};
  int64_t id = 0;
  uint64_t created_timestamp = 0;  // hybrid (TSO)
};

struct IndexInfo {
  std::string index_name{};
  int64_t index_id = 0;
  std::string field_name{};
  KeyValues params{};  // index_type, metric_type, params (a JSON string), ...
  common_pb::IndexState state = common_pb::IndexStateNone;
  int64_t indexed_rows = 0;
  int64_t total_rows = 0;
  int64_t pending_index_rows = 0;

  std::string_view index_type() const { return find_value(params, "index_type"); }
};

// What Flush answers for one collection.
struct FlushResult {
  std::vector<int64_t> sealed_segment_ids{};   // sealed by this flush: wait for them with GetFlushState
  std::vector<int64_t> flushed_segment_ids{};  // already flushed before
  int64_t seal_time = 0;                       // physical, Unix seconds
  uint64_t flush_ts = 0;                       // hybrid (TSO), for GetFlushState
  // By virtual channel; empty from servers that do not report them (Milvus 2.3.5 does not).
  std::map<std::string, common_pb::MsgPosition> channel_checkpoints{};
};

struct SegmentInfo {
  int64_t id = 0;
  int64_t collection_id = 0;
  int64_t partition_id = 0;
  int64_t num_rows = 0;
  common_pb::SegmentState state = common_pb::SegmentStateNone;
  common_pb::SegmentLevel level = common_pb::Legacy;  // 2.4+
  bool is_sorted = false;                              // 2.5+
  int64_t storage_version = 0;                         // 2.6+
};

struct CreateCollectionSpec {
  std::string db{};
  schema_pb::CollectionSchema schema{};  // the collection is named schema.name()
  int32_t shards_num = 0;                // 0: the server's default
  common_pb::ConsistencyLevel consistency_level = common_pb::Bounded;
  KeyValues properties{};
  int64_t num_partitions = 0;  // partition-key collections only; 0 otherwise
};

struct CreateIndexSpec {
  std::string db{};
  std::string collection{};
  std::string field_name{};
  std::string index_name{};
  KeyValues params{};  // sent as extra_params
};

// One bulk import (the Import RPC): files and options as Milvus defines them for the task.
struct ImportSpec {
  std::string db{};
  std::string collection{};
  std::string partition{};  // empty: _default
  std::vector<std::string> files{};
  KeyValues options{};
};

// Rows by a boolean expression (Query), with strong consistency, so rows imported just before are
// seen. An empty expr needs a limit (Milvus 2.3+).
struct QuerySpec {
  std::string db{};
  std::string collection{};
  std::string expr{};
  std::vector<std::string> output_fields{};  // "*" for all; "count(*)" for the row count
  std::vector<std::string> partitions{};     // empty: all
  int64_t limit = 0;                         // 0: no limit
};

// The nearest rows to each vector (Search), with strong consistency.
struct SearchSpec {
  std::string db{};
  std::string collection{};
  std::string vector_field{};
  schema_pb::DataType vector_type = schema_pb::FloatVector;
  std::vector<std::string> vectors{};  // one per query, in the field's binary layout (floats little-endian)
  int64_t top_k = 10;
  std::string metric_type{};   // the index's
  std::string params = "{}";   // JSON search parameters, e.g. {"nprobe": 16}
};

// One query's hits, best first: their primary keys (integer keys in decimal) and, index for index,
// their scores (a distance or a similarity, as the metric defines it).
struct QueryHits {
  std::vector<std::string> ids{};
  std::vector<float> scores{};
  bool operator==(const QueryHits&) const = default;
};
using SearchHits = std::vector<QueryHits>;

struct ImportTaskState {
  common_pb::ImportState state = common_pb::ImportPending;
  int64_t row_count = 0;
  KeyValues infos{};  // progress_percent, failed_reason, ...
  int64_t collection_id = 0;
  std::vector<int64_t> segment_ids{};
  int64_t create_ts = 0;

  bool completed() const { return state == common_pb::ImportCompleted; }
  bool failed() const { return state == common_pb::ImportFailed || state == common_pb::ImportFailedAndCleaned; }
  std::string_view failed_reason() const { return find_value(infos, "failed_reason"); }
  // 0-100 as the server reports it; 0 when it reports none.
  int progress_percent() const;
};

}  // namespace mb::milvus
