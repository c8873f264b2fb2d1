// Compact JSON text, byte-for-byte as Go's encoding/json.Marshal writes it: no whitespace, integers
// in full precision, and Go's string escaping (HTML-safe \u003c \u003e \u0026, \u2028 \u2029,
// \ufffd for invalid UTF-8). The Go tool does not care about these bytes when it reads, but writing
// the same bytes lets a backup's meta be compared with a Go-made one directly.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace mb::meta {

class GoJsonWriter {
 public:
  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  // The next value written is this member's value.
  void key(std::string_view name);

  void string(std::string_view text);
  void integer(int64_t value);
  void unsigned_integer(uint64_t value);
  void boolean(bool value);

  // The text written so far; the writer is empty afterwards.
  std::string take();

 private:
  void before_value();
  void escaped(std::string_view text);

  std::string out_;
  // One entry per open object/array: true while it has no element yet.
  std::vector<bool> container_is_empty_;
  bool value_follows_key_ = false;
};

// Any parsed JSON value as Go would write it: members in their insertion order (build documents in
// the Go struct's field order), Go's string escaping; null, booleans and numbers as nlohmann spells
// them, which is Go's spelling for every value our payloads hold (no floats).
std::string to_go_json(const nlohmann::ordered_json& value);

}  // namespace mb::meta
