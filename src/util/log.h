// Logging: spdlog to stderr (stdout carries results only). Structured as "message key=value ...".
// Never pass a secret to a log call.
#pragma once

#include <spdlog/spdlog.h>

#include <string_view>

namespace mb::log {

// Sets up the process-wide logger: level name as in the config ("debug", "info", "warn", "error"),
// and an optional file sink (empty path: none).
void init(std::string_view level, std::string_view file_path = {});

}  // namespace mb::log
