// The --filter and --rename grammars (meta/collection_filter, collection_rename, namespace_rule):
// any text parses or is refused with kInvalidArgument, and what parses answers questions without
// crashing.
#include "fuzz_input.h"
#include "meta/collection_filter.h"
#include "meta/collection_rename.h"
#include "meta/namespace_rule.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto text = mb::fuzz::as_text(data, size);
  auto filter = mb::meta::parse_collection_filter(text);
  if (!filter && filter.error().code != mb::ErrorCode::kInvalidArgument) {
    mb::fuzz::violated("parse_collection_filter: not kInvalidArgument", filter.error().message);
  }
  if (filter) {
    for (const auto& [db, rule] : filter->databases) {
      if (!filter->allows_database(db)) mb::fuzz::violated("a database the filter names is not allowed", db);
      for (const auto& collection : rule.collections) {
        if (!filter->allows_collection(db, collection)) mb::fuzz::violated("a collection the filter names is not allowed");
      }
    }
    (void)filter->allows_collection("default", "c");
  }
  auto rename = mb::meta::parse_collection_rename(text);
  if (!rename && rename.error().code != mb::ErrorCode::kInvalidArgument) {
    mb::fuzz::violated("parse_collection_rename: not kInvalidArgument", rename.error().message);
  }
  if (rename) {
    for (const auto& [from, targets] : rename->collection_renames) {
      const auto dot = from.find('.');
      const mb::meta::Namespace source{from.substr(0, dot), dot == std::string::npos ? "" : from.substr(dot + 1)};
      if (rename->apply(source).empty()) mb::fuzz::violated("a renamed collection goes nowhere", from);
    }
    (void)rename->apply({"default", "c"});
  }
  (void)mb::meta::parse_namespace_rule(text);
  return 0;
}
