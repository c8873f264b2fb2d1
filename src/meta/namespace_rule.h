// One rule of the Go tool's namespace grammar, shared by --filter and --rename: "db.*", "db.coll",
// "coll" (database "default") or "db.", names being \w+.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mb::meta {

inline constexpr std::string_view kDefaultDatabaseName = "default";

enum class NamespaceRuleKind {
  kAllCollections,       // db.*
  kCollection,           // db.coll
  kDefaultDbCollection,  // coll
  kDatabaseOnly,         // db.
};

struct NamespaceRule {
  NamespaceRuleKind kind = NamespaceRuleKind::kCollection;
  std::string db_name;          // kDefaultDatabaseName for kDefaultDbCollection
  std::string collection_name;  // empty for kAllCollections and kDatabaseOnly
  bool operator==(const NamespaceRule&) const = default;
};

// nullopt when the text is none of the four forms.
std::optional<NamespaceRule> parse_namespace_rule(std::string_view text);

}  // namespace mb::meta
