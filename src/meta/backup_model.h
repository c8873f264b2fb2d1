// The backup meta model: the messages of the Go tool's core/proto/backup.proto that a backup's
// meta/*.json files carry, as plain structs. Members are declared in proto field order, which is
// also the order their JSON keys are written in (meta_json.h).
//
// Presence follows proto3 as Go's encoding/json sees it: a scalar equal to zero, an empty list and
// an empty map are "absent"; a nested message is absent only when it is unset (std::nullopt), so a
// set-but-empty message is written as `{}` just like Go writes a non-nil pointer.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mb::meta {

// Enums are stored with their wire number; values this tool does not name (a newer Milvus data
// type, say) are kept as they are and written back unchanged.
enum class BackupTaskStateCode : int32_t {
  kInitial = 0,
  kExecuting = 1,
  kSuccess = 2,
  kFail = 3,
  kTimeout = 4,
};

enum class ConsistencyLevel : int32_t {
  kStrong = 0,
  kSession = 1,
  kBounded = 2,
  kEventually = 3,
  kCustomized = 4,
};

// Same numbers as Milvus's schemapb.DataType.
enum class DataType : int32_t {
  kNone = 0,
  kBool = 1,
  kInt8 = 2,
  kInt16 = 3,
  kInt32 = 4,
  kInt64 = 5,
  kFloat = 10,
  kDouble = 11,
  kString = 20,
  kVarChar = 21,
  kArray = 22,
  kJson = 23,
  kGeometry = 24,
  kText = 25,
  kTimestamptz = 26,
  kBinaryVector = 100,
  kFloatVector = 101,
  kFloat16Vector = 102,
  kBFloat16Vector = 103,
  kSparseFloatVector = 104,
  kInt8Vector = 105,
  kArrayOfVector = 106,
  kArrayOfStruct = 200,
  kStruct = 201,
};

inline constexpr bool is_vector(DataType type) {
  return type >= DataType::kBinaryVector && type <= DataType::kArrayOfVector;
}

enum class FieldState : int32_t {
  kCreated = 0,
  kCreating = 1,
  kDropping = 2,
  kDropped = 3,
};

enum class FunctionType : int32_t {
  kUnknown = 0,
  kBm25 = 1,
  kTextEmbedding = 2,
};

// Values of CollectionBackupInfo.load_state / PartitionBackupInfo.load_state (a string in the proto).
inline constexpr std::string_view kLoadStateNotLoad = "NotLoad";
inline constexpr std::string_view kLoadStateLoading = "Loading";
inline constexpr std::string_view kLoadStateLoaded = "Loaded";

// Values of BackupInfo.format.
inline constexpr std::string_view kFormatBinlog = "";
inline constexpr std::string_view kFormatSnapshot = "snapshot";

// The partition id of a collection-level L0 segment: its deletes cover every partition.
inline constexpr int64_t kAllPartitionsId = -1;

struct KeyValuePair {
  std::string key;
  std::string value;
  bool operator==(const KeyValuePair&) const = default;
};

struct Binlog {
  int64_t entries_num = 0;      // deprecated, never set by the Go tool
  uint64_t timestamp_from = 0;  // deprecated
  uint64_t timestamp_to = 0;    // deprecated
  // The SOURCE key in Milvus's bucket, including Milvus's root path ("files/insert_log/...").
  // The backup key is derived from ids, see backup_layout.h.
  std::string log_path;
  int64_t log_size = 0;
  // Absent in v0.4.x backups; the decoder then takes it from the last element of log_path.
  int64_t log_id = 0;
  bool operator==(const Binlog&) const = default;
};

struct FieldBinlog {
  // Insert logs: the field (or storage-v2 column group) id. Delta logs: usually 0; v0.4.x wrote one
  // FieldBinlog per delta file with this set to the file's log id.
  int64_t field_id = 0;
  std::vector<Binlog> binlogs;
  bool operator==(const FieldBinlog&) const = default;
};

struct SegmentBackupInfo {
  int64_t segment_id = 0;
  int64_t collection_id = 0;
  int64_t partition_id = 0;  // kAllPartitionsId for a collection-level L0 segment
  int64_t num_of_rows = 0;
  std::vector<FieldBinlog> binlogs;
  std::vector<FieldBinlog> statslogs;  // deprecated, never filled by the Go tool
  std::vector<FieldBinlog> deltalogs;
  int64_t size = 0;  // bytes of insert + delta files
  // The "virtual partition" directory level of the backup keys: the segment id for every segment
  // of a real partition, 0 for partition -1. 0 everywhere in very old backups.
  int64_t group_id = 0;
  bool backuped = false;  // deprecated; v0.4.x set it
  bool is_l0 = false;
  std::string v_channel;
  int64_t storage_version = 0;
  bool operator==(const SegmentBackupInfo&) const = default;
};

struct PartitionBackupInfo {
  int64_t partition_id = 0;
  std::string partition_name;
  int64_t collection_id = 0;
  std::vector<SegmentBackupInfo> segment_backups;
  int64_t size = 0;
  std::string load_state;
  bool operator==(const PartitionBackupInfo&) const = default;
};

struct IndexInfo {
  std::string field_name;
  std::string index_name;
  std::string index_type;
  std::map<std::string, std::string> params;
  int64_t index_id = 0;
  // The rest is only filled by --backup_index_extra (read from etcd).
  int64_t field_id = 0;
  uint64_t create_time = 0;
  std::vector<KeyValuePair> type_params;
  std::vector<KeyValuePair> index_params;
  std::vector<KeyValuePair> user_index_params;
  bool is_auto_index = false;
  int32_t min_index_version = 0;
  int32_t max_index_version = 0;
  bool operator==(const IndexInfo&) const = default;
};

struct FieldSchema {
  int64_t field_id = 0;
  std::string name;
  bool is_primary_key = false;
  std::string description;
  DataType data_type = DataType::kNone;
  std::vector<KeyValuePair> type_params;
  std::vector<KeyValuePair> index_params;
  bool auto_id = false;
  FieldState state = FieldState::kCreated;
  DataType element_type = DataType::kNone;
  // Proto field 11 (default_value) is never written: Go cannot read it back (oneof). The default
  // travels as `default_value` below.
  bool is_dynamic = false;
  bool is_partition_key = false;
  bool nullable = false;
  // Deprecated (~v0.5.x): the raw proto bytes of schemapb.ValueField stored as a JSON string,
  // possibly damaged by Go's UTF-8 replacement. Kept so a rewrite loses nothing.
  std::string default_value_proto;
  bool is_function_output = false;
  // Proto-binary milvus schemapb.ValueField; written base64-encoded as `default_value_base64`.
  // Empty when the field has no default.
  std::string default_value;
  bool operator==(const FieldSchema&) const = default;
};

// The proto bytes of a field's default value, whichever of the two encodings the backup used
// (the Go restore prefers default_value_base64, then falls back to default_value_proto).
inline const std::string& default_value_bytes(const FieldSchema& field) {
  return field.default_value.empty() ? field.default_value_proto : field.default_value;
}

struct FunctionSchema {
  std::string name;
  int64_t id = 0;
  std::string description;
  FunctionType type = FunctionType::kUnknown;
  std::vector<std::string> input_field_names;
  std::vector<int64_t> input_field_ids;
  std::vector<std::string> output_field_names;
  std::vector<int64_t> output_field_ids;
  std::vector<KeyValuePair> params;
  bool operator==(const FunctionSchema&) const = default;
};

struct StructArrayFieldSchema {
  int64_t field_id = 0;
  std::string name;
  std::string description;
  std::vector<FieldSchema> fields;
  bool operator==(const StructArrayFieldSchema&) const = default;
};

struct CollectionSchema {
  std::string name;
  std::string description;
  bool auto_id = false;
  std::vector<FieldSchema> fields;
  bool enable_dynamic_field = false;
  std::vector<KeyValuePair> properties;
  std::vector<FunctionSchema> functions;
  std::vector<StructArrayFieldSchema> struct_array_fields;
  bool operator==(const CollectionSchema&) const = default;
};

// Where a collection's exported snapshot bundle lives (snapshot format only).
struct SnapshotBackupInfo {
  std::string metadata_path;  // relative to the backup directory
  int64_t total_files = 0;
  int64_t total_bytes = 0;
  bool operator==(const SnapshotBackupInfo&) const = default;
};

struct CollectionBackupInfo {
  std::string id;  // the backup task id
  int64_t collection_id = 0;
  std::string db_name;
  std::string collection_name;
  std::optional<CollectionSchema> schema;
  int32_t shards_num = 0;
  ConsistencyLevel consistency_level = ConsistencyLevel::kStrong;
  std::vector<PartitionBackupInfo> partition_backups;
  uint64_t backup_timestamp = 0;  // max channel checkpoint ts of the flush (0 without a flush)
  int64_t size = 0;
  bool has_index = false;
  std::vector<IndexInfo> index_infos;
  std::string load_state;
  uint64_t backup_physical_timestamp = 0;  // collection seal time, unix seconds
  // vchannel -> base64(proto msgpb.MsgPosition)
  std::map<std::string, std::string> channel_checkpoints;
  std::vector<SegmentBackupInfo> l0_segments;  // collection-level (partition -1) L0 segments
  std::vector<KeyValuePair> properties;
  int64_t db_id = 0;
  uint64_t created_timestamp = 0;
  std::vector<std::string> virtual_channel_names;
  std::vector<std::string> physical_channel_names;
  std::vector<std::string> aliases;
  std::optional<SnapshotBackupInfo> snapshot_backup;
  bool operator==(const CollectionBackupInfo&) const = default;
};

struct DatabaseBackupInfo {
  std::string db_name;
  int64_t db_id = 0;
  std::vector<KeyValuePair> properties;
  std::string ezk;  // encryption-zone key, when the database is encrypted
  bool operator==(const DatabaseBackupInfo&) const = default;
};

struct RoleEntity {
  std::string name;
  bool operator==(const RoleEntity&) const = default;
};

struct UserEntity {
  std::string name;
  bool operator==(const UserEntity&) const = default;
};

struct ObjectEntity {
  std::string name;
  bool operator==(const ObjectEntity&) const = default;
};

struct PrivilegeEntity {
  std::string name;
  bool operator==(const PrivilegeEntity&) const = default;
};

struct GrantorEntity {
  std::optional<UserEntity> user;
  std::optional<PrivilegeEntity> privilege;
  bool operator==(const GrantorEntity&) const = default;
};

struct GrantEntity {
  std::optional<RoleEntity> role;
  std::optional<ObjectEntity> object;
  std::string object_name;
  std::optional<GrantorEntity> grantor;
  std::string db_name;
  bool operator==(const GrantEntity&) const = default;
};

struct PrivilegeGroupInfo {
  std::string group_name;
  std::vector<PrivilegeEntity> privileges;
  bool operator==(const PrivilegeGroupInfo&) const = default;
};

struct UserInfo {
  std::string user;
  std::string password;
  std::vector<RoleEntity> roles;
  bool operator==(const UserInfo&) const = default;
};

struct RbacMeta {
  std::vector<UserInfo> users;
  std::vector<RoleEntity> roles;
  std::vector<GrantEntity> grants;
  std::vector<PrivilegeGroupInfo> privilege_groups;
  bool operator==(const RbacMeta&) const = default;
};

struct RpcChannelInfo {
  std::string name;
  std::string position;
  bool operator==(const RpcChannelInfo&) const = default;
};

// The root of a backup (meta/full_meta.json).
struct BackupInfo {
  std::string id;  // the backup task id (a uuid)
  // Deprecated upstream: HEAD writes 0; v0.4.x wrote 2 (success), and its `get` reports a backup
  // with anything else as unfinished, so we write 2 as well. Always written.
  BackupTaskStateCode state_code = BackupTaskStateCode::kInitial;
  std::string error_message;
  // v0.4.x's task fields, in backup_meta.json and full_meta.json: unix milliseconds, and the
  // task's percent (100 when done). HEAD neither writes nor reads them.
  int64_t start_time = 0;
  int64_t end_time = 0;
  int32_t progress = 0;
  std::string name;
  uint64_t backup_timestamp = 0;
  std::vector<CollectionBackupInfo> collection_backups;
  int64_t size = 0;  // sum of segment sizes
  std::string milvus_version;
  std::optional<RbacMeta> rbac_meta;
  std::optional<RpcChannelInfo> rpc_channel_info;
  std::vector<DatabaseBackupInfo> database_backups;
  // pchannel -> base64(proto ImmutableMessage) of the FlushAll plan
  std::map<std::string, std::string> flush_all_msgs_base64;
  std::string control_channel_name;
  std::vector<std::string> physical_channel_names;
  std::string format;  // kFormatBinlog or kFormatSnapshot
  bool operator==(const BackupInfo&) const = default;
};

}  // namespace mb::meta
