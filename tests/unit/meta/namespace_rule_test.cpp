#include "meta/namespace_rule.h"

#include <gtest/gtest.h>

namespace mb::meta {
namespace {

TEST(NamespaceRule, ParsesTheFourForms) {
  EXPECT_EQ(parse_namespace_rule("db_1.*"), (NamespaceRule{NamespaceRuleKind::kAllCollections, "db_1", ""}));
  EXPECT_EQ(parse_namespace_rule("db.Coll9"), (NamespaceRule{NamespaceRuleKind::kCollection, "db", "Coll9"}));
  EXPECT_EQ(parse_namespace_rule("coll"), (NamespaceRule{NamespaceRuleKind::kDefaultDbCollection, "default", "coll"}));
  EXPECT_EQ(parse_namespace_rule("db."), (NamespaceRule{NamespaceRuleKind::kDatabaseOnly, "db", ""}));
}

TEST(NamespaceRule, NamesAreWordCharactersOnly) {
  for (const char* text : {"", ".", ".*", "a.b.c", "a..", "a.*.", "caf\xC3\xA9", "a b", "a-b.c", "a.b-c", "*.c"}) {
    EXPECT_EQ(parse_namespace_rule(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace mb::meta
