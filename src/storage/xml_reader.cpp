#include "storage/xml_reader.h"

#include <charconv>

namespace mb::storage::xml {
namespace {

constexpr int kMaxDepth = 64;  // S3 documents are 3-4 levels deep; this bounds the recursion

bool is_name_end(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/' || c == '>'; }

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

class Parser {
 public:
  explicit Parser(std::string_view doc) : doc_(doc) {}

  Result<Element> document() {
    MB_CHECK(skip_misc());
    if (!starts_with("<")) return corrupt("no root element");
    Element root;
    MB_CHECK(element(root, 0));
    MB_CHECK(skip_misc());
    if (pos_ != doc_.size()) return corrupt("content after the root element");
    return root;
  }

 private:
  std::unexpected<Error> corrupt(std::string what) const {
    return fail(Error(ErrorCode::kCorrupt, "malformed XML: " + what).with("offset", std::to_string(pos_)));
  }

  bool starts_with(std::string_view s) const { return doc_.substr(pos_).starts_with(s); }

  Status skip_past(std::string_view terminator) {
    const size_t end = doc_.find(terminator, pos_);
    if (end == std::string_view::npos) return corrupt("unterminated " + std::string(terminator));
    pos_ = end + terminator.size();
    return {};
  }

  // Whitespace, comments, <?...?> and <!DOCTYPE ...> between top-level items.
  Status skip_misc() {
    while (pos_ < doc_.size()) {
      const char c = doc_[pos_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\xEF' || c == '\xBB' || c == '\xBF') {
        ++pos_;  // whitespace or a UTF-8 byte order mark
      } else if (starts_with("<?")) {
        MB_CHECK(skip_past("?>"));
      } else if (starts_with("<!--")) {
        MB_CHECK(skip_past("-->"));
      } else if (starts_with("<!")) {
        MB_CHECK(skip_past(">"));
      } else {
        break;
      }
    }
    return {};
  }

  Status entity(std::string& out) {
    const size_t end = doc_.find(';', pos_);
    if (end == std::string_view::npos || end - pos_ > 12) return corrupt("unterminated entity");
    const std::string_view name = doc_.substr(pos_ + 1, end - pos_ - 1);
    pos_ = end + 1;
    if (name == "amp") out.push_back('&');
    else if (name == "lt") out.push_back('<');
    else if (name == "gt") out.push_back('>');
    else if (name == "quot") out.push_back('"');
    else if (name == "apos") out.push_back('\'');
    else if (name.starts_with('#')) {
      const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
      const std::string_view digits = name.substr(hex ? 2 : 1);
      uint32_t cp = 0;
      const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
      if (ec != std::errc() || ptr != digits.data() + digits.size() || digits.empty() || cp > 0x10FFFF) {
        return corrupt("bad character reference &" + std::string(name) + ";");
      }
      append_utf8(out, cp);
    } else {
      return corrupt("unknown entity &" + std::string(name) + ";");
    }
    return {};
  }

  Status element(Element& out, int depth) {
    if (depth > kMaxDepth) return corrupt("nested too deep");
    ++pos_;  // '<'
    const size_t name_start = pos_;
    while (pos_ < doc_.size() && !is_name_end(doc_[pos_])) ++pos_;
    std::string_view qualified = doc_.substr(name_start, pos_ - name_start);
    if (qualified.empty()) return corrupt("element without a name");
    const size_t colon = qualified.find(':');
    out.name = std::string(colon == std::string_view::npos ? qualified : qualified.substr(colon + 1));

    // Attributes are not needed by any caller: skip to the end of the tag, minding quoted values.
    char quote = 0;
    while (pos_ < doc_.size()) {
      const char c = doc_[pos_];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        break;
      }
      ++pos_;
    }
    if (pos_ >= doc_.size()) return corrupt("unterminated tag <" + std::string(qualified));
    const bool empty_element = doc_[pos_ - 1] == '/';
    ++pos_;  // '>'
    if (empty_element) return {};

    while (pos_ < doc_.size()) {
      const char c = doc_[pos_];
      if (c == '&') {
        MB_CHECK(entity(out.text));
      } else if (c != '<') {
        const size_t next = doc_.find_first_of("<&", pos_);
        const size_t end = next == std::string_view::npos ? doc_.size() : next;
        out.text.append(doc_.substr(pos_, end - pos_));
        pos_ = end;
      } else if (starts_with("</")) {
        pos_ += 2;
        const size_t close_end = doc_.find('>', pos_);
        if (close_end == std::string_view::npos) return corrupt("unterminated closing tag");
        std::string_view closing = doc_.substr(pos_, close_end - pos_);
        while (!closing.empty() && (closing.back() == ' ' || closing.back() == '\t' || closing.back() == '\n' ||
                                    closing.back() == '\r')) {
          closing.remove_suffix(1);
        }
        if (closing != qualified) {
          return corrupt("</" + std::string(closing) + "> closes <" + std::string(qualified) + ">");
        }
        pos_ = close_end + 1;
        return {};
      } else if (starts_with("<![CDATA[")) {
        const size_t start = pos_ + 9;
        MB_CHECK(skip_past("]]>"));
        out.text.append(doc_.substr(start, pos_ - 3 - start));
      } else if (starts_with("<!--")) {
        MB_CHECK(skip_past("-->"));
      } else if (starts_with("<?")) {
        MB_CHECK(skip_past("?>"));
      } else {
        MB_CHECK(element(out.children.emplace_back(), depth + 1));
      }
    }
    return corrupt("<" + std::string(qualified) + "> is not closed");
  }

  std::string_view doc_;
  size_t pos_ = 0;
};

}  // namespace

const Element* Element::child(std::string_view child_name) const {
  for (const auto& c : children) {
    if (c.name == child_name) return &c;
  }
  return nullptr;
}

std::string_view Element::child_text(std::string_view child_name) const {
  const Element* c = child(child_name);
  return c ? std::string_view(c->text) : std::string_view();
}

std::vector<const Element*> Element::children_named(std::string_view child_name) const {
  std::vector<const Element*> out;
  for (const auto& c : children) {
    if (c.name == child_name) out.push_back(&c);
  }
  return out;
}

Result<Element> parse(std::string_view document) { return Parser(document).document(); }

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\r': out += "&#13;"; break;  // a raw CR would be normalised away by the reader
      default: out.push_back(c);
    }
  }
  return out;
}

}  // namespace mb::storage::xml
