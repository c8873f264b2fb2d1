#include "meta/collection_filter.h"

#include "meta/namespace_rule.h"
#include "meta/text_split.h"

namespace mb::meta {

bool CollectionFilter::allows_database(std::string_view db_name) const {
  return databases.empty() || databases.contains(std::string(db_name));
}

bool CollectionFilter::allows_collection(std::string_view db_name, std::string_view collection_name) const {
  if (databases.empty()) return true;
  const auto it = databases.find(std::string(db_name));
  if (it == databases.end()) return false;
  return it->second.all_collections || it->second.collections.contains(std::string(collection_name));
}

Result<CollectionFilter> parse_collection_filter(std::string_view text) {
  CollectionFilter filter;
  if (text.empty()) return filter;

  for (std::string_view rule_text : split(text, ',')) {
    const auto rule = parse_namespace_rule(rule_text);
    if (!rule) {
      return fail(Error(ErrorCode::kInvalidArgument, "filter: invalid filter rule: " + std::string(rule_text))
                      .with("rule", std::string(rule_text)));
    }
    switch (rule->kind) {
      case NamespaceRuleKind::kAllCollections:
        filter.databases[rule->db_name] = DatabaseFilter{.all_collections = true, .collections = {}};
        break;
      case NamespaceRuleKind::kCollection:
      case NamespaceRuleKind::kDefaultDbCollection: {
        // After "db.*" the database already passes whole; the Go tool would crash here instead.
        DatabaseFilter& database = filter.databases[rule->db_name];
        if (!database.all_collections) database.collections.insert(rule->collection_name);
        break;
      }
      case NamespaceRuleKind::kDatabaseOnly:
        filter.databases[rule->db_name] = DatabaseFilter{};
        break;
    }
  }
  return filter;
}

}  // namespace mb::meta
