#include "meta/collection_rename.h"

#include <utility>

#include "meta/namespace_rule.h"
#include "meta/text_split.h"

namespace mb::meta {

namespace {

std::string qualified_name(const Namespace& ns) { return ns.db_name + "." + ns.collection_name; }

}  // namespace

std::vector<Namespace> CollectionRename::apply(const Namespace& source) const {
  if (const auto it = collection_renames.find(qualified_name(source)); it != collection_renames.end()) {
    return it->second;
  }
  if (const auto it = database_renames.find(source.db_name); it != database_renames.end()) {
    return {Namespace{it->second, source.collection_name}};
  }
  return {source};
}

Result<CollectionRename> parse_collection_rename(std::string_view text) {
  CollectionRename rename;
  if (text.empty()) return rename;

  // Like the Go tool: split on ':' and use the first two pieces; the last pair for a left side wins.
  std::vector<std::pair<std::string_view, std::string_view>> pairs;
  for (std::string_view pair_text : split(text, ',')) {
    const std::vector<std::string_view> sides = split(pair_text, ':');
    if (sides.size() < 2) {
      return fail(Error(ErrorCode::kInvalidArgument, "rename collection format error: " + std::string(pair_text))
                      .with("rename", std::string(pair_text)));
    }
    std::erase_if(pairs, [&](const auto& earlier) { return earlier.first == sides[0]; });
    pairs.emplace_back(sides[0], sides[1]);
  }

  for (const auto& [from_text, to_text] : pairs) {
    const auto from = parse_namespace_rule(from_text);
    const auto to = parse_namespace_rule(to_text);
    if (!from || !to || from->kind != to->kind) {
      return fail(Error(ErrorCode::kInvalidArgument,
                        "filter: invalid mapper rule: " + std::string(from_text) + " -> " + std::string(to_text))
                      .with("rename", std::string(from_text) + ":" + std::string(to_text)));
    }
    switch (from->kind) {
      case NamespaceRuleKind::kAllCollections:
        rename.database_renames[from->db_name] = to->db_name;
        break;
      case NamespaceRuleKind::kCollection:
      case NamespaceRuleKind::kDefaultDbCollection:
        rename.collection_renames[qualified_name({from->db_name, from->collection_name})].push_back(
            {to->db_name, to->collection_name});
        break;
      case NamespaceRuleKind::kDatabaseOnly:
        break;
    }
  }
  return rename;
}

}  // namespace mb::meta
