// Flags the Go tool dropped in 0.6 but still parses, so that an old script fails with advice
// rather than "unknown flag". We do the same.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "util/error.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace mb::cli {

struct RemovedFlag {
  const char* names;      // as CLI11 takes them, e.g. "-c,--colls"
  const char* long_name;  // for the message
  bool takes_value;
  const char* advice;  // "use --filter instead"
};

class RemovedFlags {
 public:
  // Adds every flag to `command`, hidden from --help. `flags` must outlive this object.
  RemovedFlags(CLI::App& command, std::span<const RemovedFlag> flags);

  // The Go tool's error for the first removed flag given on the command line, if any.
  std::optional<Error> used() const;

 private:
  std::span<const RemovedFlag> flags_;
  std::vector<CLI::Option*> options_;
};

}  // namespace mb::cli
