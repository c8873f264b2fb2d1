// How --verify searches both sides: with the index's metric and search parameters that make the
// search exhaustive where the index allows it (IVF: every cluster), so that a correct restore gives
// the same hits; an approximate index (graphs, quantization) built anew over re-imported segments
// may legitimately differ a little, so it is held to a share of the hits instead.
#pragma once

#include <cstdint>
#include <string>

#include "milvus/milvus_types.h"

namespace mb::restore {

struct VerifySearchParams {
  std::string metric_type{};
  std::string params = "{}";  // JSON, for SearchSpec::params
  bool exhaustive = false;    // FLAT, or IVF_FLAT searched over every cluster
  // How far, relative, the two sides' scores of one hit may differ (see agreeing_hits): a float
  // distance summed in another order or on another CPU differs in its last bits. 0 for the binary
  // metrics, which count bits exactly.
  float score_tolerance = 0;
  // The scores are true distances (FLAT, IVF_FLAT, HNSW keep the raw vectors), so both sides give a
  // hit the same score. Quantized indexes (SQ, PQ, ...) score with codebooks trained per build, and
  // DiskANN and AUTOINDEX may be either: their hits are compared by id only.
  bool exact_scores = false;
};

VerifySearchParams verify_search_params(const milvus::IndexInfo& index, int64_t top_k);

// Hits out of top_k that must agree for a query to pass: all of them for an exhaustive search,
// otherwise 80% (rounded up).
int64_t required_common_hits(const VerifySearchParams& search, int64_t top_k);

}  // namespace mb::restore
