#include "storage/xml_reader.h"

#include <gtest/gtest.h>

namespace mb::storage::xml {
namespace {

TEST(XmlReader, ElementsTextAndNamespaces) {
  auto root = parse(R"(<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment -->
<s3:Root xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/" attr='x>y'>
  <Name>bucket</Name><Empty/><Spaced>  two  words </Spaced>
  <Item><Key>a</Key></Item><Item><Key>b</Key></Item>
</s3:Root>)");
  ASSERT_TRUE(root) << root.error().to_string();
  EXPECT_EQ(root->name, "Root");
  EXPECT_EQ(root->child_text("Name"), "bucket");
  ASSERT_NE(root->child("Empty"), nullptr);
  EXPECT_EQ(root->child_text("Empty"), "");
  EXPECT_EQ(root->child_text("Spaced"), "  two  words ");  // keys may have meaningful spaces
  EXPECT_EQ(root->child_text("Missing"), "");
  auto items = root->children_named("Item");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1]->child_text("Key"), "b");
}

TEST(XmlReader, EntitiesCharacterReferencesAndCdata) {
  auto root = parse("<K>&amp;&lt;&gt;&quot;&apos; &#65;&#x42;&#x1234;<![CDATA[<raw&>]]>\xC3\xBC</K>");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->text, "&<>\"' AB\xE1\x88\xB4<raw&>\xC3\xBC");
}

TEST(XmlReader, MalformedDocumentsAreCorrupt) {
  for (const char* doc : {"", "text only", "<a>", "<a></b>", "<a>&bogus;</a>", "<a>&#xZZ;</a>", "<a/><b/>",
                          "<a><![CDATA[x</a>", "<", "<a b='unterminated></a>"}) {
    auto root = parse(doc);
    ASSERT_FALSE(root) << doc;
    EXPECT_EQ(root.error().code, ErrorCode::kCorrupt) << doc;
  }
}

TEST(XmlReader, DeepNestingIsRefusedNotACrash) {
  std::string doc;
  for (int i = 0; i < 10000; ++i) doc += "<a>";
  EXPECT_FALSE(parse(doc));
}

TEST(XmlReader, EscapeRoundTrips) {
  const std::string text = "a&b<c>d\"e'f\r\ng ü";
  auto root = parse("<K>" + escape(text) + "</K>");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->text, text);
}

}  // namespace
}  // namespace mb::storage::xml
