// The pure half of --verify's sampled check: query answers (columns of FieldData) taken apart into
// rows keyed by primary key and compared value for value, the deterministic choice of keys to
// sample, the `pk in [...]` filter that fetches them, and how far two searches' hits agree.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "milvus/milvus_types.h"
#include "util/error.h"

namespace mb::restore {

// A row as field name -> its value as text: exact for every type (floats in their shortest
// round-trip form, binary vectors in hex, JSON as Milvus stores it), readable in a report.
using Row = std::map<std::string, std::string>;

struct RowMismatch {
  std::string pk{};
  std::string field{};
  std::string source_value{};    // "(missing)" when the source has no such row or field
  std::string restored_value{};  // likewise
  std::string to_string() const;
};

// The rows of a query answer by primary key. Error(kInvalidArgument) for a column whose type this
// cannot read (2.4+ sparse vectors) or columns of different lengths; Error(kNotFound) without the
// primary key's column.
Result<std::map<std::string, Row>> rows_by_key(const std::vector<milvus::schema_pb::FieldData>& columns,
                                               const std::string& pk_field);

// The raw vectors (the layout Search takes) of `vector_field` by primary key.
Result<std::map<std::string, std::string>> vectors_by_key(const std::vector<milvus::schema_pb::FieldData>& columns,
                                                          const std::string& pk_field, const std::string& vector_field);

// The first difference, in key order, between the rows the source and the restored side hold for
// the same keys: a row on one side only, a field on one side only, or a value.
std::optional<RowMismatch> first_mismatch(const std::map<std::string, Row>& source,
                                          const std::map<std::string, Row>& restored);

// Up to `count` of `keys` spread evenly over them once sorted, so the same keys give the same sample.
std::vector<std::string> sample_evenly(std::vector<std::string> keys, size_t count);

// "pk in [1, 2]" or "pk in [\"a\", \"b\"]" with quotes and backslashes escaped.
std::string key_filter(const std::string& pk_field, bool varchar_key, const std::vector<std::string>& keys);

// How many of `source`'s hits `restored` agrees with, ties considered. Hits of equal scores come
// in any order, so each run of equal scores (within `score_tolerance` relative to the larger score,
// absolute below 1) is compared as a set: a source hit agrees when the restored hits of that score
// include its id. The last run of a full list (`top_k` hits) may go on past the cut-off, where
// which of its ids made the list is arbitrary: there, any restored hit of that score agrees, up to
// the run's length. A hit whose vector differs has another score and agrees with nothing.
size_t agreeing_hits(const milvus::QueryHits& source, const milvus::QueryHits& restored, int64_t top_k,
                     float score_tolerance);

// How many of `source`'s ids `restored` holds too, scores aside: for indexes whose scores are
// approximations (quantized vectors) that differ between two builds of the index.
size_t shared_ids(const milvus::QueryHits& source, const milvus::QueryHits& restored);

}  // namespace mb::restore
