// The S3 XML documents this tool reads and writes: ListObjectsV2 results, <Error> bodies,
// multipart upload ids, copy results, DeleteObjects requests and results, and the
// CompleteMultipartUpload request. Also the two date formats S3 answers with.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "storage/object_store.h"

namespace mb::storage::s3 {

struct ErrorBody {
  std::string code;     // e.g. "NoSuchKey", "AccessDenied", "SlowDown"
  std::string message;
  std::string request_id;
};
// nullopt when `body` is not an <Error> document (HEAD answers have no body at all).
std::optional<ErrorBody> parse_error(std::string_view body);

struct ListResult {
  std::vector<ObjectInfo> objects;
  std::vector<std::string> common_prefixes;
  std::string next_token;  // empty unless the listing is truncated
};
// Keys are decoded when the server applied encoding-type=url (it says so in <EncodingType>).
Result<ListResult> parse_list_objects_v2(std::string_view body);

Result<std::string> parse_upload_id(std::string_view body);  // InitiateMultipartUploadResult
Result<std::string> parse_copy_etag(std::string_view body);  // CopyObjectResult, CopyPartResult

struct DeleteFailure {
  std::string key;
  std::string code;
  std::string message;
};
// The <Error> entries of a DeleteResult (quiet mode lists only those).
Result<std::vector<DeleteFailure>> parse_delete_result(std::string_view body);

// <Delete><Quiet>true</Quiet><Object><Key>..</Key></Object>...</Delete>
std::string delete_objects_body(std::span<const std::string> keys);
// Parts numbered from 1 in the order of `etags`.
std::string complete_multipart_body(std::span<const std::string> etags);

// XML 1.0 cannot carry most control characters, so such keys cannot go into a DeleteObjects body.
bool representable_in_xml(std::string_view text);

std::string strip_quotes(std::string_view etag);
// "2009-10-12T17:50:30.000Z" -> seconds since the epoch; nullopt when unreadable.
std::optional<int64_t> parse_iso8601(std::string_view text);
// "Wed, 12 Oct 2009 17:50:00 GMT" (Last-Modified) -> seconds since the epoch.
std::optional<int64_t> parse_http_date(std::string_view text);

}  // namespace mb::storage::s3
