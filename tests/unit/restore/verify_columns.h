// Query answers for the verify tests: the columns Milvus returns for rows (id, f, v).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "milvus/milvus_types.h"

namespace mb::restore::testing {

struct TestRow {
  int64_t id = 0;
  float f = 0;
  std::vector<float> v{};
};

inline std::vector<milvus::schema_pb::FieldData> columns_of(const std::vector<TestRow>& rows) {
  milvus::schema_pb::FieldData id, f, v;
  id.set_field_name("id");
  id.set_type(milvus::schema_pb::Int64);
  f.set_field_name("f");
  f.set_type(milvus::schema_pb::Float);
  v.set_field_name("v");
  v.set_type(milvus::schema_pb::FloatVector);
  v.mutable_vectors()->set_dim(rows.empty() ? 2 : static_cast<int64_t>(rows.front().v.size()));
  auto* ids = id.mutable_scalars()->mutable_long_data();
  auto* floats = f.mutable_scalars()->mutable_float_data();
  auto* vectors = v.mutable_vectors()->mutable_float_vector();
  for (const auto& row : rows) {
    ids->add_data(row.id);
    floats->add_data(row.f);
    for (const float x : row.v) vectors->add_data(x);
  }
  return {id, f, v};
}

}  // namespace mb::restore::testing
