#include "milvus/milvus_types.h"

#include <charconv>

namespace mb::milvus {

std::string_view find_value(const KeyValues& pairs, std::string_view key) {
  for (const auto& [k, v] : pairs) {
    if (k == key) return v;
  }
  return {};
}

int ImportTaskState::progress_percent() const {
  const std::string_view text = find_value(infos, "progress_percent");
  int percent = 0;
  std::from_chars(text.data(), text.data() + text.size(), percent);
  return percent;
}

}  // namespace mb::milvus
