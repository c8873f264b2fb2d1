// The one way untrusted JSON is read: REST bodies and query strings, meta files, the manifest, job
// records and cloud answers. nlohmann's DOM parse accepts any depth, and copying or comparing a
// deep value recurses once per level, so a 70,000-deep request body blew the stack later; numbers
// it cannot hold surfaced as exceptions. Here the document is built by a SAX handler that refuses
// nesting past a limit and out-of-range numbers, naming where in the document they are.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string_view>

#include "util/error.h"

namespace mb {

struct JsonLimits {
  size_t max_depth = 64;            // objects and arrays inside each other
  // The whole text: a guard against a runaway file, above what the meta of a backup of a million
  // segments needs; REST bodies are bounded earlier by server.maxBodyBytes.
  size_t max_bytes = 1ull << 30;
};

// Parses `text` into a value whose nesting is at most limits.max_depth. Errors carry `code` and,
// where they concern one value, its path ("restorePlan.mapping[0].colls") as context "field":
// - not JSON: "not valid JSON: parse error at line 1, column 5: ..." (context "offset")
// - too deep: "nested deeper than 64 levels at <path>"
// - a number no double or 64-bit integer holds: "<path>: number 1e999 is out of range"
// - larger than limits.max_bytes.
Result<nlohmann::json> parse_json(std::string_view text, ErrorCode code, const JsonLimits& limits = {});
Result<nlohmann::ordered_json> parse_ordered_json(std::string_view text, ErrorCode code,
                                                  const JsonLimits& limits = {});

}  // namespace mb
