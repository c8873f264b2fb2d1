#include "util/log.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <filesystem>
#include <vector>

namespace mb::log {
namespace {

// The config takes zap's level names (the Go tool's logger); spdlog has no panic/fatal levels.
spdlog::level::level_enum level_from_name(std::string_view name) {
  if (name == "dpanic" || name == "panic" || name == "fatal") return spdlog::level::critical;
  return spdlog::level::from_str(std::string(name));
}

}  // namespace

void init(std::string_view level, std::string_view file_path) {
  std::vector<spdlog::sink_ptr> sinks;
  sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  if (!file_path.empty()) {
    std::error_code ec;
    auto parent = std::filesystem::path(file_path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (!ec) {
      try {
        sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(std::string(file_path)));
      } catch (const spdlog::spdlog_ex&) {
        // An unwritable log file must not stop a backup; stderr still has every line.
      }
    }
  }
  auto logger = std::make_shared<spdlog::logger>("milvus-backup", sinks.begin(), sinks.end());
  logger->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%^%l%$] %v");
  logger->set_level(level_from_name(level));
  spdlog::set_default_logger(logger);
}

}  // namespace mb::log
