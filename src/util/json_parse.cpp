#include "util/json_parse.h"

#include <fmt/format.h>

#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mb {
namespace {

// Builds the DOM like nlohmann's own json_sax_dom_parser, plus the depth limit, the number checks
// and the path of the value being read for messages.
template <class Json>
class LimitedDomBuilder {
 public:
  using Int = typename Json::number_integer_t;
  using Unsigned = typename Json::number_unsigned_t;
  using Float = typename Json::number_float_t;
  using String = typename Json::string_t;
  using Binary = typename Json::binary_t;

  LimitedDomBuilder(Json& root, ErrorCode code, size_t max_depth) : root_(root), code_(code), max_depth_(max_depth) {}

  bool null() { return value(Json(nullptr)); }
  bool boolean(bool v) { return value(Json(v)); }
  bool number_integer(Int v) { return value(Json(v)); }
  bool number_unsigned(Unsigned v) { return value(Json(v)); }
  bool number_float(Float v, const String& text) {
    // nlohmann hands integers that fit no 64-bit type over as doubles; a field that wants an
    // integer would then report "a number with a fraction", so they are refused here.
    if (text.find_first_of(".eE") == String::npos) return out_of_range(text);
    if (!std::isfinite(v)) return out_of_range(text);
    return value(Json(v));
  }
  bool string(String& v) { return value(Json(std::move(v))); }
  bool binary(Binary& v) { return value(Json(std::move(v))); }

  bool start_object(std::size_t) { return open(Json::object()); }
  bool key(String& name) {
    frames_.back().key = std::move(name);
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(Json::array()); }
  bool end_array() { return close(); }

  bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception& e) {
    // The lexer's overflow check ("number overflow parsing '1e999'") is id 406.
    if (e.id == 406) return out_of_range(token);
    std::string what = e.what();
    if (const auto pos = what.find("] "); pos != std::string::npos) what.erase(0, pos + 2);
    error_ = Error(code_, "not valid JSON: " + what).with("offset", std::to_string(position));
    return false;
  }

  std::optional<Error>& error() { return error_; }

 private:
  struct Frame {
    Json* container;
    String key;  // of the member being read, for objects
  };

  bool value(Json v) {
    add(std::move(v));
    return true;
  }

  Json* add(Json value) {
    if (frames_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Frame& top = frames_.back();
    if (top.container->is_array()) {
      top.container->push_back(std::move(value));
      return &top.container->back();
    }
    Json& slot = (*top.container)[top.key];
    slot = std::move(value);
    return &slot;
  }
  bool open(Json empty) {
    if (frames_.size() >= max_depth_) {
      error_ = Error(code_, fmt::format("nested deeper than {} levels at {}", max_depth_, path()))
                   .with("field", path());
      return false;
    }
    Json* container = add(std::move(empty));
    frames_.push_back(Frame{container, {}});
    return true;
  }
  bool close() {
    frames_.pop_back();
    return true;
  }

  bool out_of_range(std::string_view text) {
    const std::string where = path();
    error_ = Error(code_, fmt::format("{}: number {} is out of range", where, text.substr(0, 40))).with("field", where);
    return false;
  }

  // "a.b[2].c" for the value being read; "(root)" at the top. Long paths keep their first part.
  std::string path() const {
    std::string out;
    for (size_t i = 0; i < frames_.size(); ++i) {
      const Frame& frame = frames_[i];
      if (out.size() > 200) {
        out += "...";
        break;
      }
      if (frame.container->is_array()) {
        // The element being read is the next one, unless it is a container already added.
        const size_t size = frame.container->size();
        out += fmt::format("[{}]", i + 1 < frames_.size() ? size - 1 : size);
      } else {
        if (!out.empty()) out += '.';
        out += frame.key;
      }
    }
    return out.empty() ? "(root)" : out;
  }

  Json& root_;
  ErrorCode code_;
  size_t max_depth_;
  std::vector<Frame> frames_;
  std::optional<Error> error_;
};

template <class Json>
Result<Json> parse_limited(std::string_view text, ErrorCode code, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return fail(code, fmt::format("JSON text of {} bytes is larger than the limit of {} bytes", text.size(),
                                  limits.max_bytes));
  }
  Json root;
  LimitedDomBuilder<Json> builder(root, code, limits.max_depth);
  const bool ok = Json::sax_parse(text, &builder, nlohmann::detail::input_format_t::json, /*strict=*/true);
  if (builder.error()) return fail(std::move(*builder.error()));
  if (!ok) return fail(code, "invalid JSON");
  return root;
}

}  // namespace

Result<nlohmann::json> parse_json(std::string_view text, ErrorCode code, const JsonLimits& limits) {
  return parse_limited<nlohmann::json>(text, code, limits);
}

Result<nlohmann::ordered_json> parse_ordered_json(std::string_view text, ErrorCode code, const JsonLimits& limits) {
  return parse_limited<nlohmann::ordered_json>(text, code, limits);
}

}  // namespace mb
