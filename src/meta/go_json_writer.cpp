#include "meta/go_json_writer.h"

#include <charconv>
#include <utility>

#include "meta/utf8.h"

namespace mb::meta {

namespace {

constexpr std::string_view kHexDigits = "0123456789abcdef";

// Go's htmlSafeSet: printable ASCII that needs no escape when HTML escaping is on.
bool is_html_safe_ascii(unsigned char c) {
  return c >= 0x20 && c < 0x80 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&';
}

}  // namespace

void GoJsonWriter::before_value() {
  if (value_follows_key_) {
    value_follows_key_ = false;
    return;
  }
  if (container_is_empty_.empty()) return;
  if (!container_is_empty_.back()) out_ += ',';
  container_is_empty_.back() = false;
}

void GoJsonWriter::begin_object() {
  before_value();
  out_ += '{';
  container_is_empty_.push_back(true);
}

void GoJsonWriter::end_object() {
  container_is_empty_.pop_back();
  out_ += '}';
}

void GoJsonWriter::begin_array() {
  before_value();
  out_ += '[';
  container_is_empty_.push_back(true);
}

void GoJsonWriter::end_array() {
  container_is_empty_.pop_back();
  out_ += ']';
}

void GoJsonWriter::key(std::string_view name) {
  before_value();
  escaped(name);
  out_ += ':';
  value_follows_key_ = true;
}

void GoJsonWriter::string(std::string_view text) {
  before_value();
  escaped(text);
}

void GoJsonWriter::integer(int64_t value) {
  before_value();
  char buffer[24];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  out_.append(buffer, end);
}

void GoJsonWriter::unsigned_integer(uint64_t value) {
  before_value();
  char buffer[24];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  out_.append(buffer, end);
}

void GoJsonWriter::boolean(bool value) {
  before_value();
  out_ += value ? "true" : "false";
}

std::string GoJsonWriter::take() {
  container_is_empty_.clear();
  value_follows_key_ = false;
  return std::exchange(out_, {});
}

// Mirrors encoding/json's encodeState.string with escapeHTML set.
void GoJsonWriter::escaped(std::string_view text) {
  out_ += '"';
  size_t pos = 0;
  while (pos < text.size()) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80) {
      if (is_html_safe_ascii(byte)) {
        out_ += char(byte);
      } else {
        switch (byte) {
          case '"': out_ += "\\\""; break;
          case '\\': out_ += "\\\\"; break;
          case '\b': out_ += "\\b"; break;
          case '\f': out_ += "\\f"; break;
          case '\n': out_ += "\\n"; break;
          case '\r': out_ += "\\r"; break;
          case '\t': out_ += "\\t"; break;
          default:
            out_ += "\\u00";
            out_ += kHexDigits[byte >> 4];
            out_ += kHexDigits[byte & 0xF];
        }
      }
      ++pos;
      continue;
    }
    const DecodedRune decoded = decode_utf8(text, pos);
    if (!decoded.valid) {
      out_ += "\\ufffd";
    } else if (decoded.rune == 0x2028 || decoded.rune == 0x2029) {
      // Valid JSON, but they end a line in JavaScript; Go escapes them.
      out_ += "\\u202";
      out_ += kHexDigits[decoded.rune & 0xF];
    } else {
      out_.append(text.substr(pos, decoded.size));
    }
    pos += decoded.size;
  }
  out_ += '"';
}

namespace {

void append_go_json(const nlohmann::ordered_json& value, std::string& out) {
  using Type = nlohmann::ordered_json::value_t;
  const auto quoted = [](std::string_view text) {
    GoJsonWriter writer;
    writer.string(text);
    return writer.take();
  };
  switch (value.type()) {
    case Type::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, member] : value.items()) {
        if (!first) out += ',';
        first = false;
        out += quoted(key);
        out += ':';
        append_go_json(member, out);
      }
      out += '}';
      return;
    }
    case Type::array: {
      out += '[';
      bool first = true;
      for (const auto& element : value) {
        if (!first) out += ',';
        first = false;
        append_go_json(element, out);
      }
      out += ']';
      return;
    }
    case Type::string: out += quoted(value.get_ref<const std::string&>()); return;
    default: out += value.dump(); return;
  }
}

}  // namespace

std::string to_go_json(const nlohmann::ordered_json& value) {
  std::string out;
  append_go_json(value, out);
  return out;
}

}  // namespace mb::meta
