#include "restore/row_comparison.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace mb::restore {
namespace {

namespace schema_pb = milvus::schema_pb;

constexpr const char* kMissing = "(missing)";

// Relative to the larger score, absolute below 1: the rounding error of a sum of products does not
// shrink with the score it sums to (a vector's L2 distance to itself is 0, or nearly).
bool same_score(float a, float b, float tolerance) {
  return std::abs(a - b) <= tolerance * std::max({std::abs(a), std::abs(b), 1.0f});
}

std::string hex(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const unsigned char byte : bytes) out += fmt::format("{:02x}", byte);
  return out;
}

int scalar_rows(const schema_pb::ScalarField& scalars) {
  switch (scalars.data_case()) {
    case schema_pb::ScalarField::kBoolData: return scalars.bool_data().data_size();
    case schema_pb::ScalarField::kIntData: return scalars.int_data().data_size();
    case schema_pb::ScalarField::kLongData: return scalars.long_data().data_size();
    case schema_pb::ScalarField::kFloatData: return scalars.float_data().data_size();
    case schema_pb::ScalarField::kDoubleData: return scalars.double_data().data_size();
    case schema_pb::ScalarField::kStringData: return scalars.string_data().data_size();
    case schema_pb::ScalarField::kBytesData: return scalars.bytes_data().data_size();
    case schema_pb::ScalarField::kArrayData: return scalars.array_data().data_size();
    case schema_pb::ScalarField::kJsonData: return scalars.json_data().data_size();
    case schema_pb::ScalarField::DATA_NOT_SET: return 0;
  }
  return 0;
}

std::string scalar_text(const schema_pb::ScalarField& scalars, int row) {
  switch (scalars.data_case()) {
    case schema_pb::ScalarField::kBoolData: return scalars.bool_data().data(row) ? "true" : "false";
    case schema_pb::ScalarField::kIntData: return std::to_string(scalars.int_data().data(row));
    case schema_pb::ScalarField::kLongData: return std::to_string(scalars.long_data().data(row));
    case schema_pb::ScalarField::kFloatData: return fmt::format("{}", scalars.float_data().data(row));
    case schema_pb::ScalarField::kDoubleData: return fmt::format("{}", scalars.double_data().data(row));
    case schema_pb::ScalarField::kStringData: return scalars.string_data().data(row);
    case schema_pb::ScalarField::kBytesData: return hex(scalars.bytes_data().data(row));
    case schema_pb::ScalarField::kJsonData: return scalars.json_data().data(row);
    case schema_pb::ScalarField::kArrayData: {
      const auto& elements = scalars.array_data().data(row);
      std::vector<std::string> texts;
      for (int i = 0; i < scalar_rows(elements); ++i) texts.push_back(scalar_text(elements, i));
      return fmt::format("[{}]", fmt::join(texts, ", "));
    }
    case schema_pb::ScalarField::DATA_NOT_SET: break;
  }
  return {};
}

// Bytes per row of a vector column stored as bytes; 0 for float vectors and unknown layouts.
int64_t vector_row_bytes(const schema_pb::VectorField& vectors) {
  switch (vectors.data_case()) {
    case schema_pb::VectorField::kBinaryVector: return vectors.dim() / 8;
    case schema_pb::VectorField::kFloat16Vector:
    case schema_pb::VectorField::kBfloat16Vector: return vectors.dim() * 2;
    case schema_pb::VectorField::kInt8Vector: return vectors.dim();
    default: return 0;
  }
}

const std::string& vector_bytes(const schema_pb::VectorField& vectors) {
  switch (vectors.data_case()) {
    case schema_pb::VectorField::kFloat16Vector: return vectors.float16_vector();
    case schema_pb::VectorField::kBfloat16Vector: return vectors.bfloat16_vector();
    case schema_pb::VectorField::kInt8Vector: return vectors.int8_vector();
    default: return vectors.binary_vector();
  }
}

// The rows of a column, or an error naming what cannot be read.
Result<int> column_rows(const schema_pb::FieldData& column) {
  const auto unreadable = [&] {
    return fail(Error(ErrorCode::kInvalidArgument, "cannot compare the values of this field type")
                    .with("field", column.field_name())
                    .with("type", schema_pb::DataType_Name(column.type())));
  };
  if (column.has_scalars()) {
    if (column.scalars().data_case() == schema_pb::ScalarField::DATA_NOT_SET) return unreadable();
    return scalar_rows(column.scalars());
  }
  if (!column.has_vectors() || column.vectors().dim() <= 0) return unreadable();
  const auto& vectors = column.vectors();
  if (vectors.has_float_vector()) return static_cast<int>(vectors.float_vector().data_size() / vectors.dim());
  const int64_t row_bytes = vector_row_bytes(vectors);
  if (row_bytes <= 0) return unreadable();
  return static_cast<int>(static_cast<int64_t>(vector_bytes(vectors).size()) / row_bytes);
}

std::string_view raw_vector(const schema_pb::VectorField& vectors, int row) {
  if (vectors.has_float_vector()) {
    const auto* first = vectors.float_vector().data().data() + row * vectors.dim();
    return {reinterpret_cast<const char*>(first), static_cast<size_t>(vectors.dim()) * sizeof(float)};
  }
  const int64_t row_bytes = vector_row_bytes(vectors);
  return std::string_view(vector_bytes(vectors)).substr(row * row_bytes, row_bytes);
}

std::string value_text(const schema_pb::FieldData& column, int row) {
  if (column.has_scalars()) return scalar_text(column.scalars(), row);
  const auto& vectors = column.vectors();
  if (!vectors.has_float_vector()) return hex(raw_vector(vectors, row));
  const auto* first = vectors.float_vector().data().data() + row * vectors.dim();
  return fmt::format("[{}]", fmt::join(first, first + vectors.dim(), ", "));
}

// The rows of every column, checked to agree, and the primary key's column.
Result<const schema_pb::FieldData*> key_column(const std::vector<schema_pb::FieldData>& columns,
                                               const std::string& pk_field, int& rows) {
  const schema_pb::FieldData* keys = nullptr;
  rows = -1;
  for (const auto& column : columns) {
    MB_TRY(count, column_rows(column));
    if (rows >= 0 && count != rows) {
      return fail(Error(ErrorCode::kInvalidArgument, fmt::format("query answered {} values where other fields "
                                                                 "have {}", count, rows))
                      .with("field", column.field_name()));
    }
    rows = count;
    if (column.field_name() == pk_field) keys = &column;
  }
  if (keys == nullptr) {
    return fail(Error(ErrorCode::kNotFound, "query answered without the primary key").with("field", pk_field));
  }
  return keys;
}

}  // namespace

std::string RowMismatch::to_string() const {
  return fmt::format("primary key {} field {}: source {} restored {}", pk, field, source_value, restored_value);
}

Result<std::map<std::string, Row>> rows_by_key(const std::vector<schema_pb::FieldData>& columns,
                                               const std::string& pk_field) {
  int rows = 0;
  MB_TRY(keys, key_column(columns, pk_field, rows));
  std::map<std::string, Row> out;
  for (int row = 0; row < rows; ++row) {
    Row& values = out[value_text(*keys, row)];
    for (const auto& column : columns) values[column.field_name()] = value_text(column, row);
  }
  return out;
}

Result<std::map<std::string, std::string>> vectors_by_key(const std::vector<schema_pb::FieldData>& columns,
                                                          const std::string& pk_field,
                                                          const std::string& vector_field) {
  int rows = 0;
  MB_TRY(keys, key_column(columns, pk_field, rows));
  const auto vectors = std::find_if(columns.begin(), columns.end(), [&](const schema_pb::FieldData& column) {
    return column.field_name() == vector_field && column.has_vectors();
  });
  if (vectors == columns.end()) {
    return fail(Error(ErrorCode::kNotFound, "query answered without the vector field").with("field", vector_field));
  }
  std::map<std::string, std::string> out;
  for (int row = 0; row < rows; ++row) {
    out[value_text(*keys, row)] = std::string(raw_vector(vectors->vectors(), row));
  }
  return out;
}

std::optional<RowMismatch> first_mismatch(const std::map<std::string, Row>& source,
                                          const std::map<std::string, Row>& restored) {
  auto s = source.begin();
  auto r = restored.begin();
  while (s != source.end() || r != restored.end()) {
    if (r == restored.end() || (s != source.end() && s->first < r->first)) {
      return RowMismatch{.pk = s->first, .field = "(row)", .source_value = "present", .restored_value = kMissing};
    }
    if (s == source.end() || r->first < s->first) {
      return RowMismatch{.pk = r->first, .field = "(row)", .source_value = kMissing, .restored_value = "present"};
    }
    for (const auto& [field, value] : s->second) {
      const auto other = r->second.find(field);
      if (other == r->second.end()) {
        return RowMismatch{.pk = s->first, .field = field, .source_value = value, .restored_value = kMissing};
      }
      if (other->second != value) {
        return RowMismatch{.pk = s->first, .field = field, .source_value = value, .restored_value = other->second};
      }
    }
    for (const auto& [field, value] : r->second) {
      if (!s->second.contains(field)) {
        return RowMismatch{.pk = s->first, .field = field, .source_value = kMissing, .restored_value = value};
      }
    }
    ++s;
    ++r;
  }
  return std::nullopt;
}

std::vector<std::string> sample_evenly(std::vector<std::string> keys, size_t count) {
  std::sort(keys.begin(), keys.end());
  if (keys.size() <= count) return keys;
  std::vector<std::string> sample;
  sample.reserve(count);
  for (size_t i = 0; i < count; ++i) sample.push_back(keys[i * keys.size() / count]);
  return sample;
}

std::string key_filter(const std::string& pk_field, bool varchar_key, const std::vector<std::string>& keys) {
  std::vector<std::string> literals;
  literals.reserve(keys.size());
  for (const auto& key : keys) {
    if (!varchar_key) {
      literals.push_back(key);
      continue;
    }
    std::string quoted = "\"";
    for (const char c : key) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    literals.push_back(quoted + "\"");
  }
  return fmt::format("{} in [{}]", pk_field, fmt::join(literals, ", "));
}

size_t agreeing_hits(const milvus::QueryHits& source, const milvus::QueryHits& restored, int64_t top_k,
                     float score_tolerance) {
  const size_t hits = source.ids.size();
  size_t agreeing = 0;
  std::vector<bool> claimed(restored.ids.size(), false);
  for (size_t begin = 0; begin < hits;) {
    size_t end = begin + 1;
    while (end < hits && same_score(source.scores[end - 1], source.scores[end], score_tolerance)) ++end;
    const auto [low, high] = std::minmax(source.scores[begin], source.scores[end - 1]);
    const auto first_id = source.ids.begin() + static_cast<std::ptrdiff_t>(begin);
    const auto end_id = source.ids.begin() + static_cast<std::ptrdiff_t>(end);
    const auto of_this_run = [&](float score) {
      return (score >= low && score <= high) || same_score(score, low, score_tolerance) ||
             same_score(score, high, score_tolerance);
    };
    size_t restored_of_score = 0;
    size_t ids_in_common = 0;
    for (size_t i = 0; i < restored.ids.size(); ++i) {
      // Two runs just over the tolerance apart could both claim a hit between them: it counts once.
      if (claimed[i] || !of_this_run(restored.scores[i])) continue;
      claimed[i] = true;
      ++restored_of_score;
      if (std::find(first_id, end_id, restored.ids[i]) != end_id) ++ids_in_common;
    }
    const bool past_the_cut_off = end == hits && static_cast<int64_t>(hits) >= top_k;
    agreeing += std::min(end - begin, past_the_cut_off ? restored_of_score : ids_in_common);
    begin = end;
  }
  return agreeing;
}

size_t shared_ids(const milvus::QueryHits& source, const milvus::QueryHits& restored) {
  return static_cast<size_t>(std::count_if(source.ids.begin(), source.ids.end(), [&](const auto& id) {
    return std::find(restored.ids.begin(), restored.ids.end(), id) != restored.ids.end();
  }));
}

}  // namespace mb::restore
