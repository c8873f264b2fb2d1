#include "restore/schema_to_proto.h"

namespace mb::restore {
namespace {

void copy_pairs(const std::vector<meta::KeyValuePair>& pairs,
                google::protobuf::RepeatedPtrField<milvus::common_pb::KeyValuePair>* out) {
  for (const auto& pair : pairs) {
    auto* kv = out->Add();
    kv->set_key(pair.key);
    kv->set_value(pair.value);
  }
}

Status convert_field(const meta::FieldSchema& field, milvus::schema_pb::FieldSchema* out) {
  out->set_fieldid(field.field_id);
  out->set_name(field.name);
  out->set_is_primary_key(field.is_primary_key);
  out->set_description(field.description);
  out->set_data_type(static_cast<milvus::schema_pb::DataType>(field.data_type));
  copy_pairs(field.type_params, out->mutable_type_params());
  copy_pairs(field.index_params, out->mutable_index_params());
  out->set_autoid(field.auto_id);
  out->set_element_type(static_cast<milvus::schema_pb::DataType>(field.element_type));
  out->set_is_dynamic(field.is_dynamic);
  out->set_is_partition_key(field.is_partition_key);
  out->set_nullable(field.nullable);
  out->set_is_function_output(field.is_function_output);
  const std::string& default_value = meta::default_value_bytes(field);
  if (!default_value.empty() && !out->mutable_default_value()->ParseFromString(default_value)) {
    return fail(Error(ErrorCode::kCorrupt, "the backed-up default value of a field does not parse")
                    .with("field", field.name));
  }
  return {};
}

}  // namespace

milvus::KeyValues to_key_values(const std::vector<meta::KeyValuePair>& pairs) {
  milvus::KeyValues values;
  for (const auto& pair : pairs) values.emplace_back(pair.key, pair.value);
  return values;
}

Result<milvus::schema_pb::CollectionSchema> to_milvus_schema(const meta::CollectionSchema& schema,
                                                             const std::string& name) {
  milvus::schema_pb::CollectionSchema out;
  out.set_name(name);
  out.set_description(schema.description);
  out.set_autoid(schema.auto_id);
  out.set_enable_dynamic_field(schema.enable_dynamic_field);
  for (const auto& field : schema.fields) {
    if (field.is_dynamic) continue;
    MB_CHECK(convert_field(field, out.add_fields()));
  }
  copy_pairs(schema.properties, out.mutable_properties());
  for (const auto& function : schema.functions) {
    auto* f = out.add_functions();
    f->set_name(function.name);
    f->set_id(function.id);
    f->set_description(function.description);
    f->set_type(static_cast<milvus::schema_pb::FunctionType>(function.type));
    for (const auto& n : function.input_field_names) f->add_input_field_names(n);
    for (auto id : function.input_field_ids) f->add_input_field_ids(id);
    for (const auto& n : function.output_field_names) f->add_output_field_names(n);
    for (auto id : function.output_field_ids) f->add_output_field_ids(id);
    copy_pairs(function.params, f->mutable_params());
  }
  if (!schema.struct_array_fields.empty()) {
    return fail(Error(ErrorCode::kInvalidArgument, "struct array fields (Milvus 2.6) cannot be restored by this tool")
                    .with("collection", name));
  }
  return out;
}

}  // namespace mb::restore
