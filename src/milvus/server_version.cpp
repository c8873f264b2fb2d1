#include "milvus/server_version.h"

#include <charconv>
#include <optional>
#include <regex>

namespace mb::milvus {
namespace {

std::optional<int> to_int(std::string_view digits) {
  int value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

// An exact MAJOR.MINOR.PATCH release, strict semver (a pre-release or build suffix is allowed and
// ignored: the Go tool checks ">= X.Y.Z-0", which every pre-release of X.Y.Z passes). A leading "v"
// is dropped and a fourth component cut off first. Dev tags such as "2.6-20260404-31fb3fc" are not
// releases: a lenient parse would read them as a pre-release of 2.6.0 and turn features off.
std::optional<ServerVersion> release_version(std::string_view text) {
  if (text.starts_with('v')) text.remove_prefix(1);
  size_t dots = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '.' && ++dots == 3) {
      text = text.substr(0, i);
      break;
    }
  }
  static const std::regex strict(
      R"(^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*))"
      R"((?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$)");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(text.begin(), text.end(), m, strict)) return std::nullopt;
  const auto major = to_int(m[1].str()), minor = to_int(m[2].str()), patch = to_int(m[3].str());
  if (!major || !minor || !patch) return std::nullopt;
  return ServerVersion{*major, *minor, *patch};
}

// A version inside a string that is not one: at the very start (dev build tags) or right after
// "Milvus" (vendor descriptions such as "Zilliz Cloud ... (Compatible with Milvus 2.6)"). Anchoring
// keeps an unrelated number earlier in a product name from being taken for the server version.
std::optional<ServerVersion> embedded_version(std::string_view text) {
  static const std::regex pattern(R"((?:^|milvus[ _-]*)v?(\d+)\.(\d+)(?:\.(\d+))?)", std::regex::icase);
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_search(text.begin(), text.end(), m, pattern)) return std::nullopt;
  const auto major = to_int(m[1].str()), minor = to_int(m[2].str());
  const auto patch = m[3].matched ? to_int(m[3].str()) : std::optional<int>(ServerVersion::kHeadOfLinePatch);
  if (!major || !minor || !patch) return std::nullopt;
  return ServerVersion{*major, *minor, *patch};
}

}  // namespace

std::string_view to_string(Feature feature) {
  switch (feature) {
    case Feature::kMultiDatabase: return "MultiDatabase";
    case Feature::kImportV2: return "ImportV2";
    case Feature::kDescribeDatabase: return "DescribeDatabase";
    case Feature::kGetSegmentInfo: return "GetSegmentInfo";
    case Feature::kReplicateMessage: return "ReplicateMessage";
    case Feature::kMultiL0InOneJob: return "MultiL0InOneJob";
    case Feature::kCollectionLevelGcControl: return "CollectionLevelGCControl";
    case Feature::kFuncRuntimeCheck: return "FuncRuntimeCheck";
    case Feature::kFlushAll: return "FlushAll";
    case Feature::kSnapshot: return "Snapshot";
  }
  return "unknown";
}

ServerVersion ServerVersion::parse(std::span<const std::string> reported) {
  for (const auto& text : reported) {
    if (auto version = release_version(text)) return *version;
  }
  for (const auto& text : reported) {
    if (auto version = embedded_version(text)) return *version;
  }
  return latest_dev();
}

bool ServerVersion::is_version_text(std::string_view text) {
  static const std::regex lenient(
      R"(^v?\d+(?:\.\d+)?(?:\.\d+)?(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$)");
  return std::regex_match(text.begin(), text.end(), lenient);
}

bool ServerVersion::supports(Feature feature) const {
  switch (feature) {
    case Feature::kMultiDatabase: return false;
    case Feature::kImportV2: return *this >= ServerVersion{2, 4, 0};
    case Feature::kDescribeDatabase: return *this >= ServerVersion{2, 4, 3};
    case Feature::kGetSegmentInfo: return *this >= ServerVersion{2, 5, 8};
    case Feature::kReplicateMessage: return *this >= ServerVersion{2, 5, 0} && *this < ServerVersion{2, 6, 0};
    case Feature::kMultiL0InOneJob: return *this >= ServerVersion{2, 6, 5};
    case Feature::kCollectionLevelGcControl: return *this >= ServerVersion{2, 6, 8};
    case Feature::kFuncRuntimeCheck: return *this >= ServerVersion{2, 6, 8};
    case Feature::kFlushAll: return *this >= ServerVersion{2, 6, 11};
    case Feature::kSnapshot: return *this >= ServerVersion{3, 0, 0};
  }
  return false;
}

std::string ServerVersion::to_string() const {
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

}  // namespace mb::milvus
