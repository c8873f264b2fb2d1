#include "cli/removed_flags.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace mb::cli {

RemovedFlags::RemovedFlags(CLI::App& command, std::span<const RemovedFlag> flags) : flags_(flags) {
  for (const auto& flag : flags_) {
    auto* option = flag.takes_value ? command.add_option(flag.names) : command.add_flag(flag.names);
    option->group("");  // hidden from --help
    options_.push_back(option);
  }
}

std::optional<Error> RemovedFlags::used() const {
  for (size_t i = 0; i < options_.size(); ++i) {
    if (options_[i]->count() == 0) continue;
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("{} was removed in 0.6, {}", flags_[i].long_name, flags_[i].advice));
  }
  return std::nullopt;
}

}  // namespace mb::cli
