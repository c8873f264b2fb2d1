#include "meta/namespace_rule.h"

namespace mb::meta {

namespace {

// Go's regexp \w+.
bool is_word(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    const bool word_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!word_char) return false;
  }
  return true;
}

}  // namespace

std::optional<NamespaceRule> parse_namespace_rule(std::string_view text) {
  const size_t dot = text.find('.');
  if (dot == std::string_view::npos) {
    if (!is_word(text)) return std::nullopt;
    return NamespaceRule{NamespaceRuleKind::kDefaultDbCollection, std::string(kDefaultDatabaseName), std::string(text)};
  }
  const std::string_view db = text.substr(0, dot);
  const std::string_view rest = text.substr(dot + 1);
  if (!is_word(db)) return std::nullopt;
  if (rest == "*") return NamespaceRule{NamespaceRuleKind::kAllCollections, std::string(db), ""};
  if (rest.empty()) return NamespaceRule{NamespaceRuleKind::kDatabaseOnly, std::string(db), ""};
  if (!is_word(rest)) return std::nullopt;
  return NamespaceRule{NamespaceRuleKind::kCollection, std::string(db), std::string(rest)};
}

}  // namespace mb::meta
