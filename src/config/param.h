// A configuration parameter as data: its keys, type, default and environment variables (ParamSpec),
// and the value it resolved to with where that value came from (Resolved). Both schema versions
// are tables of ParamSpecs resolved by the same code (resolve.h).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace mb::config {

enum class ParamType {
  kString,
  kBool,
  kInt,    // fits the C++ int the Config field holds
  kInt64,
  kList,   // YAML list in a file, comma-separated in env and --set
};

// string for kString, bool for kBool, int64_t for kInt/kInt64, vector for kList.
using ParamValue = std::variant<std::string, bool, int64_t, std::vector<std::string>>;

struct ParamSpec {
  std::string name;               // what `config show` prints, e.g. Milvus.Grpc.Address
  std::vector<std::string> keys;  // config keys, canonical spelling; the first one names the parameter
  ParamType type = ParamType::kString;
  ParamValue default_value;
  std::vector<std::string> env;  // environment variables, exact upper-case names
  bool secret = false;           // masked in `config show`, never quoted in a message
  // The key of an earlier parameter whose resolved value replaces default_value, e.g.
  // backup.storage.address takes milvus.storage.address.
  std::string inherits;
  // With `inherits`: an empty inherited string keeps default_value (v1's minio.backupRootPath
  // falls back to "backup" when minio.rootPath is empty).
  bool empty_inherited_keeps_default = false;

  const std::string& key() const { return keys.front(); }
};

enum class Source { kOverride, kEnv, kConfig, kDefault };

std::string_view to_string(Source source);

struct Resolved {
  ParamValue value;
  Source source = Source::kDefault;
  // Where the value was found, as spelled there: the config key, the --set key or the env var.
  // Empty for a default.
  std::string origin_key;
};

// The resolved value of every parameter of one schema, in table order.
class ResolvedSet {
 public:
  explicit ResolvedSet(std::vector<ParamSpec> specs);

  const std::vector<ParamSpec>& specs() const { return specs_; }
  const Resolved& at(std::string_view key) const;
  Resolved& at(std::string_view key);
  const Resolved& at_index(size_t i) const { return values_[i]; }
  Resolved& at_index(size_t i) { return values_[i]; }

  // Typed reads; the key must name a parameter of that type.
  const std::string& str(std::string_view key) const;
  bool flag(std::string_view key) const;
  int64_t integer(std::string_view key) const;
  const std::vector<std::string>& list(std::string_view key) const;

  // Set by an override, env var or the file, rather than left at its (possibly inherited) default.
  bool is_set(std::string_view key) const { return at(key).source != Source::kDefault; }

 private:
  size_t index(std::string_view key) const;

  std::vector<ParamSpec> specs_;
  std::vector<Resolved> values_;
  std::map<std::string, size_t, std::less<>> by_key_;  // canonical key -> index
};

}  // namespace mb::config
