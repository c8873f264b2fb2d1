// Shared by the meta tests: the Go-made samples under tests/data/meta/ (see its README) and the
// BackupInfo that every_field.json was made from.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "meta/backup_model.h"

namespace mb::meta::testing {

inline std::string read_test_file(const std::string& relative_path) {
  std::ifstream in(std::string(MB_TEST_DATA_DIR) + "/meta/" + relative_path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// Builds the same tree as the generator's everyField(): every field of every message set.
inline BackupInfo every_field_backup() {
  const int64_t coll = 449734128462315000;
  const int64_t part = 449734128462315001;
  const int64_t seg = 449734128462315100;
  const int64_t l0 = 449734128462315500;

  SegmentBackupInfo segment;
  segment.segment_id = seg;
  segment.collection_id = coll;
  segment.partition_id = part;
  segment.num_of_rows = 3000;
  segment.binlogs = {
      {100,
       {{3000, 449734128462315520ULL, 449734128462315521ULL,
         "files/insert_log/449734128462315000/449734128462315001/449734128462315100/100/449734128462315200", 12000,
         449734128462315200}}},
      {101,
       {{0, 0, 0, "files/insert_log/449734128462315000/449734128462315001/449734128462315100/101/449734128462315201",
         0, 449734128462315201}}},
  };
  segment.statslogs = {
      {100, {{0, 0, 0, "files/stats_log/449734128462315000/449734128462315001/449734128462315100/100/7", 10, 7}}}};
  segment.deltalogs = {
      {0,
       {{0, 0, 0, "files/delta_log/449734128462315000/449734128462315001/449734128462315100/449734128462315300", 512,
         449734128462315300}}}};
  segment.size = 12522;
  segment.group_id = seg;
  segment.backuped = true;
  segment.v_channel = "by-dev-rootcoord-dml_0_449734128462315000v0";
  segment.storage_version = 2;

  SegmentBackupInfo l0_segment;
  l0_segment.segment_id = l0;
  l0_segment.collection_id = coll;
  l0_segment.partition_id = -1;
  l0_segment.deltalogs = {
      {0, {{0, 0, 0, "files/delta_log/449734128462315000/-1/449734128462315500/449734128462315501", 64,
            449734128462315501}}}};
  l0_segment.size = 64;
  l0_segment.is_l0 = true;
  l0_segment.v_channel = "by-dev-rootcoord-dml_1_449734128462315000v1";
  l0_segment.storage_version = 1;

  CollectionSchema schema;
  schema.name = "docs";
  schema.description = "Docs <b>&amp;</b> \"quoted\" \\ back\nline2\ttab \xC3\xA9 \xE2\x9C\x93 \xE2\x80\xA8 \x7F \x01";
  schema.auto_id = true;
  FieldSchema id_field;
  id_field.field_id = 100;
  id_field.name = "id";
  id_field.is_primary_key = true;
  id_field.description = "pk";
  id_field.data_type = DataType::kInt64;
  id_field.auto_id = true;
  FieldSchema text_field;
  text_field.field_id = 101;
  text_field.name = "text";
  text_field.data_type = DataType::kVarChar;
  text_field.type_params = {{"max_length", "1024"}, {"enable_analyzer", "true"}};
  text_field.index_params = {{"mmap.enabled", "false"}};
  text_field.state = FieldState::kCreating;
  text_field.is_partition_key = true;
  text_field.nullable = true;
  text_field.default_value = std::string("\x32\x03n/a", 5);  // ValueField{string_data: "n/a"}
  FieldSchema tags_field;
  tags_field.field_id = 102;
  tags_field.name = "tags";
  tags_field.data_type = DataType::kArray;
  tags_field.element_type = DataType::kVarChar;
  tags_field.type_params = {{"max_capacity", "16"}, {"max_length", "64"}};
  tags_field.default_value_proto = std::string("\x08\x01", 2);  // ValueField{bool_data: true}
  FieldSchema sparse_field;
  sparse_field.field_id = 103;
  sparse_field.name = "sparse";
  sparse_field.data_type = DataType::kSparseFloatVector;
  sparse_field.is_function_output = true;
  FieldSchema meta_field;
  meta_field.field_id = 104;
  meta_field.name = "$meta";
  meta_field.data_type = DataType::kJson;
  meta_field.is_dynamic = true;
  meta_field.state = FieldState::kDropping;
  schema.fields = {id_field, text_field, tags_field, sparse_field, meta_field};
  schema.enable_dynamic_field = true;
  schema.properties = {{"collection.ttl.seconds", "3600"}};
  schema.functions = {{"bm25", 1, "text to sparse", FunctionType::kBm25, {"text"}, {101}, {"sparse"}, {103},
                       {{"k1", "1.2"}}}};
  FieldSchema chunk_vec;
  chunk_vec.field_id = 106;
  chunk_vec.name = "chunk_vec";
  chunk_vec.data_type = DataType::kArrayOfVector;
  chunk_vec.element_type = DataType::kFloatVector;
  chunk_vec.type_params = {{"dim", "8"}};
  schema.struct_array_fields = {{105, "chunks", "struct array", {chunk_vec}}};

  CollectionBackupInfo collection;
  collection.id = "0b7e2f51-93c4-4d1e-a6f0-3d2c1b0a9f88";
  collection.collection_id = coll;
  collection.db_name = "db1";
  collection.collection_name = "docs";
  collection.schema = schema;
  collection.shards_num = 2;
  collection.consistency_level = ConsistencyLevel::kBounded;
  collection.partition_backups = {{part, "_default", coll, {segment}, 12522, "Loaded"}};
  collection.backup_timestamp = 449734128462315521ULL;
  collection.size = 12586;
  collection.has_index = true;
  IndexInfo index;
  index.field_name = "sparse";
  index.index_name = "sparse_idx";
  index.index_type = "SPARSE_INVERTED_INDEX";
  index.params = {{"metric_type", "BM25"}, {"index_type", "SPARSE_INVERTED_INDEX"},
                  {"params", "{\"drop_ratio_build\":0.2}"}};
  index.index_id = 449734128462315400;
  index.field_id = 103;
  index.create_time = 18446744073709551615ULL;
  index.type_params = {{"dim", "0"}};
  index.index_params = {{"index_type", "SPARSE_INVERTED_INDEX"}};
  index.user_index_params = {{"metric_type", "BM25"}};
  index.is_auto_index = true;
  index.min_index_version = -2147483648;
  index.max_index_version = 6;
  collection.index_infos = {index};
  collection.load_state = "Loading";
  collection.backup_physical_timestamp = 1715000000;
  collection.channel_checkpoints = {{"by-dev-rootcoord-dml_1_449734128462315000v1", "Cg=="},
                                    {"by-dev-rootcoord-dml_0_449734128462315000v0", "Cgk="}};
  collection.l0_segments = {l0_segment};
  collection.properties = {{"mmap.enabled", "true"}};
  collection.db_id = 451000000000000001;
  collection.created_timestamp = 449734128462314000;
  collection.virtual_channel_names = {"by-dev-rootcoord-dml_0_449734128462315000v0",
                                      "by-dev-rootcoord-dml_1_449734128462315000v1"};
  collection.physical_channel_names = {"by-dev-rootcoord-dml_0", "by-dev-rootcoord-dml_1"};
  collection.aliases = {"docs_alias"};
  collection.snapshot_backup = SnapshotBackupInfo{"bundle/449734128462315000/metadata/1.json", 12, 34567};

  BackupInfo info;
  info.id = "0b7e2f51-93c4-4d1e-a6f0-3d2c1b0a9f88";
  info.state_code = BackupTaskStateCode::kSuccess;
  info.name = "every_field_backup";
  info.backup_timestamp = 449734128462315521ULL;
  info.collection_backups = {collection};
  info.size = 9223372036854775807;
  info.milvus_version = "v2.6.3";
  RbacMeta rbac;
  rbac.users = {{"alice", "c2VjcmV0", {{"admin"}}}};
  rbac.roles = {{"admin"}, {"reader"}};
  rbac.grants = {{RoleEntity{"reader"}, ObjectEntity{"Collection"}, "docs",
                  GrantorEntity{UserEntity{"root"}, PrivilegeEntity{"Query"}}, "db1"}};
  rbac.privilege_groups = {{"pg1", {{"Search"}, {"Query"}}}};
  info.rbac_meta = rbac;
  info.rpc_channel_info = RpcChannelInfo{"by-dev-replicate-msg", "CgVieS1kZXY="};
  info.database_backups = {{"db1", 451000000000000001, {{"cipher.ezID", "7"}, {"cipher.key", "k1"}}, "ZXprLWJsb2I="}};
  info.flush_all_msgs_base64 = {{"by-dev-rootcoord-dml_1", "AAEC"}, {"by-dev-rootcoord-dml_0", "AwQF"}};
  info.control_channel_name = "by-dev-rootcoord-dml_0_cchannel";
  info.physical_channel_names = {"by-dev-rootcoord-dml_0", "by-dev-rootcoord-dml_1"};
  info.format = "snapshot";
  return info;
}

}  // namespace mb::meta::testing
