#include "restore/verify_search_params.h"

#include <gtest/gtest.h>

namespace mb::restore {
namespace {

milvus::IndexInfo index(milvus::KeyValues params) { return {.field_name = "v", .params = std::move(params)}; }

TEST(VerifySearchParams, FlatIsExhaustive) {
  const auto search = verify_search_params(index({{"index_type", "FLAT"}, {"metric_type", "IP"}}), 10);
  EXPECT_TRUE(search.exhaustive);
  EXPECT_EQ(search.metric_type, "IP");
  EXPECT_EQ(required_common_hits(search, 10), 10);
}

TEST(VerifySearchParams, IvfFlatProbesEveryCluster) {
  const auto nested = verify_search_params(
      index({{"index_type", "IVF_FLAT"}, {"metric_type", "L2"}, {"params", R"({"nlist": 8})"}}), 10);
  EXPECT_TRUE(nested.exhaustive);
  EXPECT_EQ(nested.params, R"({"nprobe":8})");
  const auto plain = verify_search_params(index({{"index_type", "IVF_FLAT"}, {"nlist", "128"}}), 10);
  EXPECT_EQ(plain.params, R"({"nprobe":128})");
  const auto unknown_nlist = verify_search_params(index({{"index_type", "IVF_FLAT"}}), 10);
  EXPECT_FALSE(unknown_nlist.exhaustive);
}

TEST(VerifySearchParams, ApproximateIndexesNeedEightyPercent) {
  const auto hnsw = verify_search_params(index({{"index_type", "HNSW"}, {"metric_type", "COSINE"}}), 10);
  EXPECT_FALSE(hnsw.exhaustive);
  EXPECT_EQ(hnsw.params, R"({"ef":512})");
  EXPECT_EQ(required_common_hits(hnsw, 10), 8);
  EXPECT_EQ(required_common_hits(hnsw, 3), 3);  // 2.4 rounded up
  const auto pq = verify_search_params(index({{"index_type", "IVF_PQ"}, {"params", R"({"nlist": "16"})"}}), 10);
  EXPECT_FALSE(pq.exhaustive);
  EXPECT_EQ(pq.params, R"({"nprobe":16})");
}

TEST(VerifySearchParams, FloatScoresHaveAToleranceBinaryOnesNone) {
  EXPECT_GT(verify_search_params(index({{"index_type", "FLAT"}, {"metric_type", "L2"}}), 10).score_tolerance, 0.0f);
  EXPECT_EQ(verify_search_params(index({{"index_type", "BIN_FLAT"}, {"metric_type", "HAMMING"}}), 10).score_tolerance,
            0.0f);
  EXPECT_EQ(verify_search_params(index({{"index_type", "BIN_FLAT"}, {"metric_type", "jaccard"}}), 10).score_tolerance,
            0.0f);
}

TEST(VerifySearchParams, OnlyIndexesOverRawVectorsHaveExactScores) {
  for (const char* type : {"FLAT", "IVF_FLAT", "BIN_FLAT", "BIN_IVF_FLAT", "HNSW"}) {
    EXPECT_TRUE(verify_search_params(index({{"index_type", type}, {"metric_type", "L2"}}), 10).exact_scores) << type;
  }
  for (const char* type : {"IVF_SQ8", "IVF_PQ", "SCANN", "DISKANN", "AUTOINDEX"}) {
    EXPECT_FALSE(verify_search_params(index({{"index_type", type}, {"metric_type", "L2"}}), 10).exact_scores) << type;
  }
}

}  // namespace
}  // namespace mb::restore
