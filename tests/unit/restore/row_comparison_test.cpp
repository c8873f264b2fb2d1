#include "restore/row_comparison.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>

#include "verify_columns.h"

namespace mb::restore {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::columns_of;
namespace schema_pb = milvus::schema_pb;

TEST(RowComparison, RowsByKeyReadsEveryColumn) {
  auto rows = rows_by_key(columns_of({{.id = 7, .f = 0.1f, .v = {1.5f, -2}}, {.id = 3, .f = 2, .v = {0, 1}}}), "id");
  ASSERT_TRUE(rows) << rows.error().to_string();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ(rows->at("7").at("f"), "0.1");
  EXPECT_EQ(rows->at("7").at("v"), "[1.5, -2]");
  EXPECT_EQ(rows->at("3").at("id"), "3");
}

TEST(RowComparison, ArraysJsonStringsAndBinaryVectorsAreText) {
  schema_pb::FieldData pk, json, array, binary;
  pk.set_field_name("pk");
  pk.mutable_scalars()->mutable_string_data()->add_data("a\"b");
  json.set_field_name("j");
  json.mutable_scalars()->mutable_json_data()->add_data(R"({"k":1})");
  array.set_field_name("arr");
  auto* element = array.mutable_scalars()->mutable_array_data()->add_data();
  element->mutable_int_data()->add_data(4);
  element->mutable_int_data()->add_data(-5);
  binary.set_field_name("bv");
  binary.mutable_vectors()->set_dim(16);
  binary.mutable_vectors()->set_binary_vector(std::string("\x0f\xa0", 2));
  auto rows = rows_by_key({pk, json, array, binary}, "pk");
  ASSERT_TRUE(rows) << rows.error().to_string();
  const auto& row = rows->at("a\"b");
  EXPECT_EQ(row.at("j"), R"({"k":1})");
  EXPECT_EQ(row.at("arr"), "[4, -5]");
  EXPECT_EQ(row.at("bv"), "0fa0");
}

TEST(RowComparison, ColumnsOfDifferentLengthsAndMissingKeyAreErrors) {
  auto columns = columns_of({{.id = 1, .f = 1, .v = {1, 1}}});
  columns[1].mutable_scalars()->mutable_float_data()->add_data(2);
  auto uneven = rows_by_key(columns, "id");
  ASSERT_FALSE(uneven);
  EXPECT_EQ(uneven.error().code, ErrorCode::kInvalidArgument);
  auto keyless = rows_by_key(columns_of({{.id = 1, .f = 1, .v = {1, 1}}}), "pk");
  ASSERT_FALSE(keyless);
  EXPECT_EQ(keyless.error().code, ErrorCode::kNotFound);
}

TEST(RowComparison, UnreadableTypeIsNamed) {
  schema_pb::FieldData sparse;
  sparse.set_field_name("sp");
  sparse.set_type(schema_pb::SparseFloatVector);
  sparse.mutable_vectors()->set_dim(100);
  auto rows = rows_by_key({sparse}, "sp");
  ASSERT_FALSE(rows);
  EXPECT_THAT(rows.error().to_string(), HasSubstr("SparseFloatVector"));
}

TEST(RowComparison, EqualRowsHaveNoMismatch) {
  const auto columns = columns_of({{.id = 1, .f = 1, .v = {1, 2}}, {.id = 2, .f = 2, .v = {3, 4}}});
  EXPECT_FALSE(first_mismatch(*rows_by_key(columns, "id"), *rows_by_key(columns, "id")));
}

TEST(RowComparison, FirstDifferingValueNamesKeyAndField) {
  auto source = *rows_by_key(columns_of({{.id = 1, .f = 1, .v = {1, 2}}, {.id = 2, .f = 2, .v = {3, 4}}}), "id");
  auto restored =
      *rows_by_key(columns_of({{.id = 1, .f = 1, .v = {1, 2}}, {.id = 2, .f = 2, .v = {3, 4.0001f}}}), "id");
  auto mismatch = first_mismatch(source, restored);
  ASSERT_TRUE(mismatch);
  EXPECT_EQ(mismatch->pk, "2");
  EXPECT_EQ(mismatch->field, "v");
  EXPECT_THAT(mismatch->to_string(), HasSubstr("source [3, 4] restored [3, 4.0001]"));
}

TEST(RowComparison, RowOrFieldOnOneSideOnlyIsAMismatch) {
  auto two = *rows_by_key(columns_of({{.id = 1, .f = 1, .v = {1, 2}}, {.id = 2, .f = 2, .v = {3, 4}}}), "id");
  auto one = *rows_by_key(columns_of({{.id = 1, .f = 1, .v = {1, 2}}}), "id");
  auto missing_row = first_mismatch(two, one);
  ASSERT_TRUE(missing_row);
  EXPECT_EQ(missing_row->pk, "2");
  EXPECT_EQ(missing_row->restored_value, "(missing)");
  auto extra_row = first_mismatch(one, two);
  ASSERT_TRUE(extra_row);
  EXPECT_EQ(extra_row->source_value, "(missing)");

  auto fewer_fields = one;
  fewer_fields["1"].erase("f");
  auto missing_field = first_mismatch(one, fewer_fields);
  ASSERT_TRUE(missing_field);
  EXPECT_EQ(missing_field->field, "f");
  auto extra_field = first_mismatch(fewer_fields, one);
  ASSERT_TRUE(extra_field);
  EXPECT_EQ(extra_field->field, "f");
  EXPECT_EQ(extra_field->source_value, "(missing)");
}

TEST(RowComparison, SampleIsSortedSpreadAndDeterministic) {
  std::vector<std::string> keys;
  for (int i = 0; i < 10; ++i) keys.push_back(std::string(1, static_cast<char>('j' - i)));
  EXPECT_THAT(sample_evenly(keys, 5), ElementsAre("a", "c", "e", "g", "i"));
  EXPECT_EQ(sample_evenly(keys, 5), sample_evenly({keys.rbegin(), keys.rend()}, 5));
  EXPECT_EQ(sample_evenly(keys, 50).size(), 10u);
}

TEST(RowComparison, KeyFilterQuotesVarcharKeys) {
  EXPECT_EQ(key_filter("id", false, {"1", "-2"}), "id in [1, -2]");
  EXPECT_EQ(key_filter("name", true, {"a\"b", "c\\d"}), R"(name in ["a\"b", "c\\d"])");
}

TEST(RowComparison, VectorsByKeyAreTheRawFloats) {
  auto vectors = vectors_by_key(columns_of({{.id = 5, .f = 0, .v = {1.0f, 2.0f}}}), "id", "v");
  ASSERT_TRUE(vectors) << vectors.error().to_string();
  const std::string& raw = vectors->at("5");
  ASSERT_EQ(raw.size(), 2 * sizeof(float));
  float second = 0;
  std::memcpy(&second, raw.data() + sizeof(float), sizeof(float));
  EXPECT_EQ(second, 2.0f);
  EXPECT_FALSE(vectors_by_key(columns_of({{.id = 5, .f = 0, .v = {1, 2}}}), "id", "w"));
}

constexpr float kTolerance = 1e-5f;

TEST(AgreeingHits, EqualListsAgreeEntirely) {
  const milvus::QueryHits hits{.ids = {"1", "2", "3"}, .scores = {0.5f, 1.5f, 2.5f}};
  EXPECT_EQ(agreeing_hits(hits, hits, 3, kTolerance), 3u);
  EXPECT_EQ(agreeing_hits({}, {}, 3, kTolerance), 0u);
}

TEST(AgreeingHits, EqualScoresMayComeInAnyOrder) {
  const milvus::QueryHits source{.ids = {"1", "2", "3", "4"}, .scores = {0.5f, 1.5f, 1.5f, 2.5f}};
  const milvus::QueryHits restored{.ids = {"1", "3", "2", "4"}, .scores = {0.5f, 1.5f, 1.5f, 2.5f}};
  EXPECT_EQ(agreeing_hits(source, restored, 4, kTolerance), 4u);
}

TEST(AgreeingHits, ScoresWithinTheToleranceAreOne) {
  const milvus::QueryHits source{.ids = {"1", "2"}, .scores = {100.0f, 100.0005f}};
  const milvus::QueryHits restored{.ids = {"2", "1"}, .scores = {100.0002f, 100.0004f}};
  EXPECT_EQ(agreeing_hits(source, restored, 2, kTolerance), 2u);
  EXPECT_EQ(agreeing_hits(source, restored, 2, 0.0f), 0u);  // binary metrics: exact
}

TEST(AgreeingHits, AnyIdsOfTheTieAtTheCutOffAgree) {
  // Hamming distances: 1, 2, 2; more rows at distance 2 lie past the top 3.
  const milvus::QueryHits source{.ids = {"1", "2", "3"}, .scores = {1, 2, 2}};
  const milvus::QueryHits restored{.ids = {"1", "7", "2"}, .scores = {1, 2, 2}};
  EXPECT_EQ(agreeing_hits(source, restored, 3, 0.0f), 3u);
  // With fewer hits than top_k nothing lies past the cut-off: the last tie is compared as a set.
  EXPECT_EQ(agreeing_hits(source, restored, 10, 0.0f), 2u);
}

TEST(AgreeingHits, ADifferentScoreDisagrees) {
  const milvus::QueryHits source{.ids = {"1", "2", "3"}, .scores = {0.5f, 1.5f, 2.5f}};
  const milvus::QueryHits restored{.ids = {"1", "2", "3"}, .scores = {0.5f, 1.75f, 2.5f}};
  EXPECT_EQ(agreeing_hits(source, restored, 3, kTolerance), 2u);
  // Also at the cut-off: a tie there agrees only with hits of its score.
  const milvus::QueryHits last_differs{.ids = {"1", "2", "9"}, .scores = {0.5f, 1.5f, 2.75f}};
  EXPECT_EQ(agreeing_hits(source, last_differs, 3, kTolerance), 2u);
}

TEST(AgreeingHits, AMissingIdOutsideATieDisagrees) {
  const milvus::QueryHits source{.ids = {"1", "2", "3"}, .scores = {0.5f, 1.5f, 2.5f}};
  const milvus::QueryHits restored{.ids = {"1", "9", "3"}, .scores = {0.5f, 1.5f, 2.5f}};
  EXPECT_EQ(agreeing_hits(source, restored, 3, kTolerance), 2u);
  // A tie before the cut-off is compared as a set: another id in it disagrees.
  const milvus::QueryHits tied{.ids = {"1", "2", "3", "4"}, .scores = {0.5f, 0.5f, 2.5f, 3.5f}};
  const milvus::QueryHits tie_differs{.ids = {"1", "9", "3", "4"}, .scores = {0.5f, 0.5f, 2.5f, 3.5f}};
  EXPECT_EQ(agreeing_hits(tied, tie_differs, 4, kTolerance), 3u);
}

TEST(AgreeingHits, AHitBetweenTwoRunsCountsOnce) {
  // 5.0 and 5.00008 are two runs (over the 5e-5 tolerance apart); 5.00004 is within it of both.
  const milvus::QueryHits source{.ids = {"9", "10"}, .scores = {5.0f, 5.00008f}};
  const milvus::QueryHits restored{.ids = {"9", "99"}, .scores = {5.00004f, 7.0f}};
  EXPECT_EQ(agreeing_hits(source, restored, 2, kTolerance), 1u);
}

TEST(SharedIds, CountsSourceIdsTheRestoredListHoldsWhateverTheirScores) {
  const milvus::QueryHits source{.ids = {"1", "2", "3"}, .scores = {0.5f, 1.5f, 2.5f}};
  const milvus::QueryHits quantized{.ids = {"2", "1", "7"}, .scores = {0.61f, 1.38f, 2.9f}};
  EXPECT_EQ(shared_ids(source, quantized), 2u);
  EXPECT_EQ(shared_ids(source, {}), 0u);
}

}  // namespace
}  // namespace mb::restore
