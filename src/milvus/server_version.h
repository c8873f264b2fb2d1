// Which Milvus the client talks to, and what that server can do: the version read from what the
// server reports about itself (Connect's build tags, GetVersion) and the features gated on it,
// with the same rules and thresholds as the Go tool.
#pragma once

#include <compare>
#include <span>
#include <string>
#include <string_view>

namespace mb::milvus {

enum class Feature {
  kMultiDatabase,             // ListDatabases is implemented (not a version check)
  kImportV2,                  // >= 2.4: import v2 (REST jobs/import, L0 import)
  kDescribeDatabase,          // >= 2.4.3
  kGetSegmentInfo,            // >= 2.5.8: REST segments/describe
  kReplicateMessage,          // >= 2.5.0, < 2.6.0: 2.5 CDC channel position
  kMultiL0InOneJob,           // >= 2.6.5
  kCollectionLevelGcControl,  // >= 2.6.8: GC pause per collection, with a ticket
  kFuncRuntimeCheck,          // >= 2.6.8
  kFlushAll,                  // >= 2.6.11
  kSnapshot,                  // >= 3.0.0
};

std::string_view to_string(Feature feature);

struct ServerVersion {
  int major = 0;
  int minor = 0;
  int patch = 0;

  // A server that names no version at all (a "master-2026..." build tag) is treated as the newest
  // dev build, so every ">=" feature is on and every "<" one off.
  static constexpr ServerVersion latest_dev() { return {99, 0, 0}; }
  // Stands in for the patch of a version known only as MAJOR.MINOR ("2.6-20260404-31fb3fc",
  // "Compatible with Milvus 2.6"): such a server is far likelier at the head of its line than at .0.
  static constexpr int kHeadOfLinePatch = 9999;

  // Reads the version out of every string the server reports about itself, in order: the first
  // exact release ("v2.3.5", "v2.3.5-lite", four-part hotfix "2.3.22.6" -> 2.3.22) wins; else the
  // first version embedded at the start or after "Milvus" ("2.6-2026..." -> 2.6.9999); else latest_dev().
  static ServerVersion parse(std::span<const std::string> reported);

  // Whether `text` is a version on its own, leniently ("v2.3.5-lite", "2.6-20260404-31fb3fc"),
  // rather than a description: decides whether Connect's build tags can stand for the version.
  static bool is_version_text(std::string_view text);

  // Version-gated features only; kMultiDatabase is never implied by a version.
  bool supports(Feature feature) const;

  std::string to_string() const;  // "2.3.5"
  auto operator<=>(const ServerVersion&) const = default;
};

// What the client learned about its server when it connected.
struct ServerInfo {
  std::string version_text;  // as reported (Connect build tags, else GetVersion): backup meta milvus_version
  ServerVersion version;     // parsed from everything reported, for feature checks
  bool multi_database = true;

  bool supports(Feature feature) const {
    return feature == Feature::kMultiDatabase ? multi_database : version.supports(feature);
  }
};

}  // namespace mb::milvus
