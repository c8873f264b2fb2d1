// The GCS JSON API documents this tool reads: object resources, objects.list pages, rewrite
// progress and error bodies; and the base64 big-endian form GCS gives CRC32C checksums in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/object_store.h"

namespace mb::storage::gcs {

struct ErrorBody {
  std::string reason;  // errors[0].reason, e.g. "notFound", "forbidden", "conflict"
  std::string message;
};
// nullopt when `body` is not a JSON {"error": {...}} document.
std::optional<ErrorBody> parse_error(std::string_view body);

// An object resource. ObjectInfo::etag holds GCS's crc32c (base64, e.g. "yZRlqg=="): it is what
// GCS verifies, and unlike GCS's etag it is the same for a copy and for a re-upload of the bytes.
Result<ObjectInfo> parse_object(std::string_view body);

struct ListResult {
  std::vector<ObjectInfo> objects;
  std::vector<std::string> common_prefixes;
  std::string next_page_token;  // empty on the last page
};
Result<ListResult> parse_list(std::string_view body);

struct RewriteProgress {
  bool done = false;
  std::string rewrite_token;  // pass back to continue when not done
};
Result<RewriteProgress> parse_rewrite(std::string_view body);

// "yZRlqg==" for 0xC99465AA: base64 of the four bytes, most significant first.
std::string crc32c_base64(uint32_t crc);

}  // namespace mb::storage::gcs
