#include "backup/backup_options.h"

namespace mb::backup {
namespace {

constexpr std::string_view kStrategyChoices = "meta_only,skip_flush,bulk_flush,serial_flush";
constexpr std::string_view kFormatChoices = "auto,binlog,snapshot";

Error invalid(std::string message, std::string_view flag, std::string_view value) {
  return Error(ErrorCode::kInvalidArgument, std::move(message)).with(std::string(flag), std::string(value));
}

}  // namespace

std::string_view to_string(Strategy strategy) {
  switch (strategy) {
    case Strategy::kMetaOnly: return "meta_only";
    case Strategy::kSkipFlush: return "skip_flush";
    case Strategy::kBulkFlush: return "bulk_flush";
    case Strategy::kSerialFlush: return "serial_flush";
    case Strategy::kAuto: break;
  }
  return "auto";
}

Result<Strategy> parse_strategy(std::string_view text) {
  if (text.empty()) return Strategy::kAuto;
  if (text == "meta_only") return Strategy::kMetaOnly;
  if (text == "skip_flush") return Strategy::kSkipFlush;
  if (text == "bulk_flush") return Strategy::kBulkFlush;
  if (text == "serial_flush") return Strategy::kSerialFlush;
  if (text == "snapshot") {
    return fail(invalid("\"snapshot\" is a format, not a strategy; use --format=snapshot instead", "strategy", text));
  }
  return fail(invalid("invalid strategy " + std::string(text) + ", only support " + std::string(kStrategyChoices),
                      "strategy", text));
}

Result<Format> parse_format(std::string_view text) {
  if (text.empty() || text == "auto") return Format::kAuto;
  if (text == "binlog") return Format::kBinlog;
  if (text == "snapshot") return Format::kSnapshot;
  return fail(invalid("invalid format " + std::string(text) + ", only support " + std::string(kFormatChoices),
                      "format", text));
}

}  // namespace mb::backup
