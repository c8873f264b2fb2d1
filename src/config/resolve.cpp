#include "config/resolve.h"

#include <limits>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "config/value_text.h"

namespace mb::config {
namespace {

// A parsed value, or why the input is not one.
struct Parsed {
  std::optional<ParamValue> value;
  std::string problem;
};

Parsed problem(std::string text) { return Parsed{.value = std::nullopt, .problem = std::move(text)}; }
// Builds the one alternative in place. Moving a whole ParamValue temporary into the optional
// instead makes GCC 12 at -O2 with the sanitizers warn (-Wmaybe-uninitialized) that the move reads
// the other alternatives' members, which fails that build under -Werror.
template <typename T>
Parsed ok(T&& value) {
  Parsed parsed;
  parsed.value.emplace(std::in_place_type<std::remove_cvref_t<T>>, std::forward<T>(value));
  return parsed;
}

std::string shown(const ParamSpec& spec, std::string_view text) {
  return spec.secret ? std::string("the value") : "\"" + std::string(text) + "\"";
}

std::string trim(std::string_view text) {
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  size_t last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

// kInt parameters land in a C++ int; the Go tool's int is 64-bit, so this bound is ours.
Parsed integer_in_range(const ParamSpec& spec, int64_t value) {
  if (spec.type == ParamType::kInt &&
      (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max())) {
    return problem(std::to_string(value) + " is out of range (at most " +
                   std::to_string(std::numeric_limits<int>::max()) + ")");
  }
  return ok(value);
}

Parsed not_an_integer(const ParamSpec& spec, std::string_view text) {
  return problem(shown(spec, text) + " is not an integer");
}

// The env and --set form: Go's strconv.
Parsed from_text(const ParamSpec& spec, const std::string& text) {
  switch (spec.type) {
    case ParamType::kString:
      return ok(text);
    case ParamType::kBool:
      if (auto b = parse_go_bool(text)) return ok(*b);
      return problem(shown(spec, text) + " is not a boolean (want true or false)");
    case ParamType::kInt:
    case ParamType::kInt64:
      if (auto i = parse_decimal_int(text)) return integer_in_range(spec, *i);
      return not_an_integer(spec, text);
    case ParamType::kList:
      return ok(split_comma_list(text));
  }
  return problem("unsupported parameter type");
}

// The file form: yaml.v3's decoding followed by the Go tool's coercion.
Parsed from_file(const ParamSpec& spec, const FileValue& file_value) {
  if (file_value.is_list) {
    if (spec.type != ParamType::kList) return problem("is a list, want a single value");
    std::vector<std::string> items;
    for (size_t i = 0; i < file_value.items.size(); ++i) {
      if (!file_value.items[i]) {
        return problem("item " + std::to_string(i + 1) + " is empty or not a plain value");
      }
      if (std::string item = trim(*file_value.items[i]); !item.empty()) items.push_back(std::move(item));
    }
    return ok(std::move(items));
  }
  const std::string& text = file_value.scalar;
  switch (spec.type) {
    case ParamType::kString:
      return ok(text);
    case ParamType::kBool:
      if (auto b = parse_go_bool(text)) return ok(*b);
      return problem(shown(spec, text) + " is not a boolean (want true or false)");
    case ParamType::kInt:
    case ParamType::kInt64:
      if (auto i = parse_decimal_int(text)) return integer_in_range(spec, *i);
      // Unquoted 1e3 or 500.0 is a YAML float, accepted when it is a whole number.
      if (!file_value.quoted) {
        if (auto i = parse_integral_float(text)) return integer_in_range(spec, *i);
      }
      return not_an_integer(spec, text);
    case ParamType::kList:
      // Usually a v1 comma-separated string, worth an error rather than a one-item list.
      return problem("must be a YAML list (one \"- item\" per line), not a single value");
  }
  return problem("unsupported parameter type");
}

bool names_parameter(const ParamSpec& spec, std::string_view key) {
  for (const auto& k : spec.keys) {
    if (iequals(k, key)) return true;
  }
  for (const auto& e : spec.env) {
    if (iequals(e, key)) return true;
  }
  return false;
}

const Override* find_override(const ParamSpec& spec, const std::vector<Override>& overrides) {
  for (auto it = overrides.rbegin(); it != overrides.rend(); ++it) {
    if (names_parameter(spec, it->key)) return &*it;
  }
  return nullptr;
}

// Tries --set, env, then the file; true when one of them named the parameter (even if its value
// did not parse, in which case the error is recorded and the default stays).
bool resolve_explicit(const ParamSpec& spec, const Sources& sources, Resolved& out, std::vector<std::string>& errors) {
  auto take = [&](Parsed parsed, Source source, const std::string& origin_key, const std::string& where) {
    if (!parsed.value) {
      errors.push_back(where + ": " + parsed.problem);
      return;
    }
    out = Resolved{.value = std::move(*parsed.value), .source = source, .origin_key = origin_key};
  };
  if (const Override* o = find_override(spec, sources.overrides)) {
    take(from_text(spec, o->value), Source::kOverride, o->key, "--set " + o->key);
    return true;
  }
  for (const auto& name : spec.env) {
    if (auto text = sources.getenv(name)) {
      take(from_text(spec, *text), Source::kEnv, name, "env " + name);
      return true;
    }
  }
  if (sources.file) {
    for (const auto& key : spec.keys) {
      if (const FileValue* file_value = sources.file->find(to_lower(key))) {
        take(from_file(spec, *file_value), Source::kConfig, key, sources.file->path + ": " + key);
        return true;
      }
    }
  }
  return false;
}

}  // namespace

Result<std::vector<Override>> parse_overrides(const std::vector<std::string>& raw) {
  std::vector<Override> out;
  for (size_t i = 0; i < raw.size(); ++i) {
    size_t eq = raw[i].find('=');
    if (eq == std::string::npos || eq == 0) {
      return fail(ErrorCode::kConfig, "invalid --set format, want KEY=VALUE (--set value " + std::to_string(i + 1) +
                                          " of " + std::to_string(raw.size()) + ")");
    }
    out.push_back(Override{.key = raw[i].substr(0, eq), .value = raw[i].substr(eq + 1)});
  }
  return out;
}

ResolvedSet resolve(std::vector<ParamSpec> specs, const Sources& sources, std::vector<std::string>& errors) {
  ResolvedSet set(std::move(specs));
  for (size_t i = 0; i < set.specs().size(); ++i) {
    const ParamSpec& spec = set.specs()[i];
    if (resolve_explicit(spec, sources, set.at_index(i), errors) || spec.inherits.empty()) continue;
    const ParamValue& inherited = set.at(spec.inherits).value;
    const auto* text = std::get_if<std::string>(&inherited);
    if (spec.empty_inherited_keeps_default && text && text->empty()) continue;
    set.at_index(i).value = inherited;
  }
  return set;
}

std::string display_value(const ParamSpec& spec, const ParamValue& value) {
  std::string text;
  if (const auto* s = std::get_if<std::string>(&value)) {
    text = *s;
  } else if (const auto* b = std::get_if<bool>(&value)) {
    text = *b ? "true" : "false";
  } else if (const auto* i = std::get_if<int64_t>(&value)) {
    text = std::to_string(*i);
  } else {
    for (const auto& item : std::get<std::vector<std::string>>(value)) {
      text += (text.empty() ? "" : ",") + item;
    }
  }
  return spec.secret ? mask_secret(text) : text;
}

}  // namespace mb::config
