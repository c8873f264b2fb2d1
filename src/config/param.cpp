#include "config/param.h"

#include <stdexcept>

namespace mb::config {

std::string_view to_string(Source source) {
  switch (source) {
    case Source::kOverride: return "override";
    case Source::kEnv: return "env";
    case Source::kConfig: return "config";
    case Source::kDefault: break;
  }
  return "default";
}

ResolvedSet::ResolvedSet(std::vector<ParamSpec> specs) : specs_(std::move(specs)) {
  values_.reserve(specs_.size());
  for (size_t i = 0; i < specs_.size(); ++i) {
    values_.push_back(Resolved{.value = specs_[i].default_value, .source = Source::kDefault, .origin_key = {}});
    by_key_.emplace(specs_[i].key(), i);
  }
}

// Keys are constants of this module's own tables, so an unknown key is a bug that every load
// would hit; the exception makes it loud in the unit tests.
size_t ResolvedSet::index(std::string_view key) const {
  auto it = by_key_.find(key);
  if (it == by_key_.end()) throw std::out_of_range("config: no parameter " + std::string(key));
  return it->second;
}

const Resolved& ResolvedSet::at(std::string_view key) const { return values_[index(key)]; }
Resolved& ResolvedSet::at(std::string_view key) { return values_[index(key)]; }

const std::string& ResolvedSet::str(std::string_view key) const { return std::get<std::string>(at(key).value); }
bool ResolvedSet::flag(std::string_view key) const { return std::get<bool>(at(key).value); }
int64_t ResolvedSet::integer(std::string_view key) const { return std::get<int64_t>(at(key).value); }
const std::vector<std::string>& ResolvedSet::list(std::string_view key) const {
  return std::get<std::vector<std::string>>(at(key).value);
}

}  // namespace mb::config
