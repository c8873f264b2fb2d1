#include "backup/schema_conversion.h"

namespace mb::backup {
namespace {

namespace schema_pb = milvus::schema_pb;

template <typename ProtoPairs>
std::vector<meta::KeyValuePair> proto_pairs(const ProtoPairs& pairs) {
  std::vector<meta::KeyValuePair> out;
  out.reserve(pairs.size());
  for (const auto& pair : pairs) out.push_back({pair.key(), pair.value()});
  return out;
}

meta::FieldSchema to_backup_field(const schema_pb::FieldSchema& field) {
  meta::FieldSchema out;
  out.field_id = field.fieldid();
  out.name = field.name();
  out.is_primary_key = field.is_primary_key();
  out.description = field.description();
  // The enums share Milvus's numbers; values this build does not name pass through unchanged.
  out.data_type = static_cast<meta::DataType>(field.data_type());
  out.type_params = proto_pairs(field.type_params());
  out.index_params = proto_pairs(field.index_params());
  out.auto_id = field.autoid();
  out.state = static_cast<meta::FieldState>(field.state());
  out.element_type = static_cast<meta::DataType>(field.element_type());
  out.is_dynamic = field.is_dynamic();
  out.is_partition_key = field.is_partition_key();
  out.nullable = field.nullable();
  out.is_function_output = field.is_function_output();
  if (field.has_default_value()) out.default_value = field.default_value().SerializeAsString();
  return out;
}

meta::FunctionSchema to_backup_function(const schema_pb::FunctionSchema& function) {
  meta::FunctionSchema out;
  out.name = function.name();
  out.id = function.id();
  out.description = function.description();
  out.type = static_cast<meta::FunctionType>(function.type());
  out.input_field_names.assign(function.input_field_names().begin(), function.input_field_names().end());
  out.input_field_ids.assign(function.input_field_ids().begin(), function.input_field_ids().end());
  out.output_field_names.assign(function.output_field_names().begin(), function.output_field_names().end());
  out.output_field_ids.assign(function.output_field_ids().begin(), function.output_field_ids().end());
  out.params = proto_pairs(function.params());
  return out;
}

meta::StructArrayFieldSchema to_backup_struct_array_field(const schema_pb::StructArrayFieldSchema& field) {
  meta::StructArrayFieldSchema out;
  out.field_id = field.fieldid();
  out.name = field.name();
  out.description = field.description();
  for (const auto& sub_field : field.fields()) out.fields.push_back(to_backup_field(sub_field));
  return out;
}

}  // namespace

std::vector<meta::KeyValuePair> to_backup_pairs(const milvus::KeyValues& pairs) {
  std::vector<meta::KeyValuePair> out;
  out.reserve(pairs.size());
  for (const auto& [key, value] : pairs) out.push_back({key, value});
  return out;
}

meta::CollectionSchema to_backup_schema(const schema_pb::CollectionSchema& schema) {
  meta::CollectionSchema out;
  out.name = schema.name();
  out.description = schema.description();
  out.auto_id = schema.autoid();
  for (const auto& field : schema.fields()) out.fields.push_back(to_backup_field(field));
  out.enable_dynamic_field = schema.enable_dynamic_field();
  out.properties = proto_pairs(schema.properties());
  for (const auto& function : schema.functions()) out.functions.push_back(to_backup_function(function));
  for (const auto& field : schema.struct_array_fields()) {
    out.struct_array_fields.push_back(to_backup_struct_array_field(field));
  }
  return out;
}

}  // namespace mb::backup
