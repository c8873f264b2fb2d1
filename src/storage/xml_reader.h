// A small XML reader for the object stores' REST answers (S3 and Azure speak XML): elements, text,
// the five predefined entities, numeric character references and CDATA. Attributes, comments,
// processing instructions and doctype declarations are skipped; namespace prefixes are dropped
// from names. Not a validating parser; just enough to read documents from servers we talk to.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace mb::storage::xml {

struct Element {
  std::string name;  // local name
  std::string text;  // character data directly inside this element, entities decoded, untrimmed
  std::vector<Element> children;

  // First child of that name, or nullptr.
  const Element* child(std::string_view child_name) const;
  // Text of the first child of that name; empty when there is none.
  std::string_view child_text(std::string_view child_name) const;
  std::vector<const Element*> children_named(std::string_view child_name) const;
};

// The document's root element; kCorrupt when the text is not well-formed.
Result<Element> parse(std::string_view document);

// Escapes text for an element's content (request bodies we build).
std::string escape(std::string_view text);

}  // namespace mb::storage::xml
