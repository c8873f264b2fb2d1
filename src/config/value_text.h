// The text form of config values: parsing the way the Go tool does (strconv for env and --set,
// yaml.v3 coercion for file scalars), case folding for keys, and masking secrets for display.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mb::config {

// Go's strconv.ParseBool: 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False.
std::optional<bool> parse_go_bool(std::string_view text);

// Go's strconv.ParseInt(text, 10, 64): optional sign, decimal digits, nothing else.
std::optional<int64_t> parse_decimal_int(std::string_view text);

// A plain YAML scalar that yaml.v3 decodes as a float (1e3, 500.0) and whose value is a whole
// number in int64 range; the Go tool accepts those for integer settings.
std::optional<int64_t> parse_integral_float(std::string_view text);

// The env/--set form of a list: comma-separated, items trimmed, empty items dropped.
std::vector<std::string> split_comma_list(std::string_view text);

// How `config show` prints a secret: "" stays "", up to 4 characters become "****", longer ones
// keep their first and last two characters around "****".
std::string mask_secret(std::string_view secret);

std::string to_lower(std::string_view text);
bool iequals(std::string_view a, std::string_view b);

}  // namespace mb::config
