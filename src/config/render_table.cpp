// `config show`'s table, laid out as the Go tool's text/tabwriter does it (minwidth 0, padding 2,
// spaces): every column but the last is as wide as its widest cell plus two.
#include <algorithm>
#include <array>

#include "config/loader.h"

namespace mb::config {
namespace {

using Row = std::array<std::string, 4>;

// tabwriter counts UTF-8 characters, not bytes.
size_t display_width(const std::string& text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace

std::string render_table(const std::vector<ResolvedValue>& values) {
  std::vector<Row> rows = {{"PARAMETER", "VALUE", "SOURCE", "SOURCE_KEY"},
                           {"---------", "-----", "------", "----------"}};
  for (const auto& v : values) rows.push_back({v.param, v.value, v.source, v.source_key});

  std::array<size_t, 3> widths{};
  for (const auto& row : rows) {
    for (size_t c = 0; c < widths.size(); ++c) widths[c] = std::max(widths[c], display_width(row[c]));
  }
  std::string out;
  for (const auto& row : rows) {
    for (size_t c = 0; c < widths.size(); ++c) {
      out += row[c];
      out.append(widths[c] + 2 - display_width(row[c]), ' ');
    }
    out += row[3];
    out += '\n';
  }
  return out;
}

}  // namespace mb::config
