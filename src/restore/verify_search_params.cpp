#include "restore/verify_search_params.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

#include "util/json_parse.h"

namespace mb::restore {
namespace {

int64_t to_int(const std::string& text) {
  try {
    return std::stoll(text);
  } catch (const std::exception&) {
    return 0;
  }
}

// An index parameter given either on its own (key=nlist) or inside the JSON of key=params.
int64_t index_param(const milvus::IndexInfo& index, const std::string& name) {
  if (const auto plain = milvus::find_value(index.params, name); !plain.empty()) return to_int(std::string(plain));
  const auto nested = parse_json(milvus::find_value(index.params, "params"), ErrorCode::kMilvus).value_or(nlohmann::json());
  if (!nested.is_object() || !nested.contains(name)) return 0;
  const auto& value = nested[name];
  if (value.is_number_integer()) return value.get<int64_t>();
  return value.is_string() ? to_int(value.get<std::string>()) : 0;
}

bool is_binary_metric(std::string metric) {
  std::transform(metric.begin(), metric.end(), metric.begin(), [](unsigned char c) { return std::toupper(c); });
  return metric == "HAMMING" || metric == "JACCARD" || metric == "TANIMOTO" || metric == "SUBSTRUCTURE" ||
         metric == "SUPERSTRUCTURE";
}

}  // namespace

VerifySearchParams verify_search_params(const milvus::IndexInfo& index, int64_t top_k) {
  VerifySearchParams out{.metric_type = std::string(milvus::find_value(index.params, "metric_type"))};
  out.score_tolerance = is_binary_metric(out.metric_type) ? 0.0f : 1e-5f;
  const std::string type(index.index_type());
  out.exact_scores = type == "FLAT" || type == "BIN_FLAT" || type == "IVF_FLAT" || type == "BIN_IVF_FLAT" ||
                     type == "HNSW";
  if (type == "FLAT" || type == "BIN_FLAT") {
    out.exhaustive = true;
  } else if (type == "IVF_FLAT" || type == "BIN_IVF_FLAT") {
    if (const int64_t nlist = index_param(index, "nlist"); nlist > 0) {
      out.params = nlohmann::json{{"nprobe", nlist}}.dump();
      out.exhaustive = true;
    }
  } else if (type.starts_with("IVF_") || type == "SCANN") {
    if (const int64_t nlist = index_param(index, "nlist"); nlist > 0) {
      out.params = nlohmann::json{{"nprobe", nlist}}.dump();
    }
  } else if (type == "HNSW") {
    out.params = nlohmann::json{{"ef", std::max<int64_t>(512, top_k)}}.dump();
  } else if (type == "DISKANN") {
    out.params = nlohmann::json{{"search_list", std::max<int64_t>(512, top_k)}}.dump();
  }
  return out;
}

int64_t required_common_hits(const VerifySearchParams& search, int64_t top_k) {
  return search.exhaustive ? top_k : (top_k * 8 + 9) / 10;
}

}  // namespace mb::restore
