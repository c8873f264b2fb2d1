#include "storage/s3_responses.h"

#include <charconv>
#include <ctime>

#include "storage/xml_reader.h"
#include "util/url_encode.h"

namespace mb::storage::s3 {
namespace {

Result<xml::Element> parse_root(std::string_view body, std::string_view expected_root) {
  MB_TRY(root, xml::parse(body));
  if (root.name != expected_root) {
    return fail(Error(ErrorCode::kCorrupt, "unexpected S3 answer: <" + root.name + "> instead of <" +
                                               std::string(expected_root) + ">"));
  }
  return root;
}

std::optional<uint64_t> to_u64(std::string_view text) {
  uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<int64_t> from_tm(std::tm& tm) {
  const time_t t = timegm(&tm);
  if (t == static_cast<time_t>(-1)) return std::nullopt;
  return static_cast<int64_t>(t);
}

}  // namespace

std::optional<ErrorBody> parse_error(std::string_view body) {
  auto root = xml::parse(body);
  if (!root || root->name != "Error") return std::nullopt;
  return ErrorBody{std::string(root->child_text("Code")), std::string(root->child_text("Message")),
                   std::string(root->child_text("RequestId"))};
}

Result<ListResult> parse_list_objects_v2(std::string_view body) {
  MB_TRY(root, parse_root(body, "ListBucketResult"));
  const bool url_encoded = root.child_text("EncodingType") == "url";
  auto decode = [&](std::string_view raw) -> Result<std::string> {
    if (!url_encoded) return std::string(raw);
    auto decoded = url_decode(raw, /*plus_is_space=*/true);
    if (!decoded) return fail(ErrorCode::kCorrupt, "listing has a badly encoded key: " + std::string(raw));
    return std::move(*decoded);
  };

  ListResult result;
  for (const xml::Element* contents : root.children_named("Contents")) {
    ObjectInfo info;
    MB_TRY(key, decode(contents->child_text("Key")));
    info.key = std::move(key);
    const auto size = to_u64(contents->child_text("Size"));
    if (!size) return fail(Error(ErrorCode::kCorrupt, "listing has an object without a size").with("key", info.key));
    info.size = *size;
    info.mtime_unix = parse_iso8601(contents->child_text("LastModified")).value_or(0);
    info.etag = strip_quotes(contents->child_text("ETag"));
    result.objects.push_back(std::move(info));
  }
  for (const xml::Element* common : root.children_named("CommonPrefixes")) {
    MB_TRY(prefix, decode(common->child_text("Prefix")));
    result.common_prefixes.push_back(std::move(prefix));
  }
  if (root.child_text("IsTruncated") == "true") {
    result.next_token = std::string(root.child_text("NextContinuationToken"));
    if (result.next_token.empty()) {
      return fail(ErrorCode::kCorrupt, "listing is truncated but has no NextContinuationToken");
    }
  }
  return result;
}

Result<std::string> parse_upload_id(std::string_view body) {
  MB_TRY(root, parse_root(body, "InitiateMultipartUploadResult"));
  std::string id(root.child_text("UploadId"));
  if (id.empty()) return fail(ErrorCode::kCorrupt, "multipart upload started without an UploadId");
  return id;
}

Result<std::string> parse_copy_etag(std::string_view body) {
  MB_TRY(root, xml::parse(body));
  if (root.name != "CopyObjectResult" && root.name != "CopyPartResult") {
    return fail(ErrorCode::kCorrupt, "unexpected S3 answer to a copy: <" + root.name + ">");
  }
  return strip_quotes(root.child_text("ETag"));
}

Result<std::vector<DeleteFailure>> parse_delete_result(std::string_view body) {
  MB_TRY(root, parse_root(body, "DeleteResult"));
  std::vector<DeleteFailure> failures;
  for (const xml::Element* error : root.children_named("Error")) {
    failures.push_back({std::string(error->child_text("Key")), std::string(error->child_text("Code")),
                        std::string(error->child_text("Message"))});
  }
  return failures;
}

std::string delete_objects_body(std::span<const std::string> keys) {
  std::string body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Delete><Quiet>true</Quiet>";
  for (const auto& key : keys) body += "<Object><Key>" + xml::escape(key) + "</Key></Object>";
  body += "</Delete>";
  return body;
}

std::string complete_multipart_body(std::span<const std::string> etags) {
  std::string body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><CompleteMultipartUpload>";
  for (size_t i = 0; i < etags.size(); ++i) {
    body += "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>\"" + xml::escape(etags[i]) +
            "\"</ETag></Part>";
  }
  body += "</CompleteMultipartUpload>";
  return body;
}

bool representable_in_xml(std::string_view text) {
  for (unsigned char c : text) {
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

std::string strip_quotes(std::string_view etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') etag = etag.substr(1, etag.size() - 2);
  return std::string(etag);
}

std::optional<int64_t> parse_iso8601(std::string_view text) {
  std::tm tm{};
  const std::string s(text);
  const char* end = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (end == nullptr) return std::nullopt;
  return from_tm(tm);  // fractional seconds and the 'Z' after them are ignored
}

std::optional<int64_t> parse_http_date(std::string_view text) {
  std::tm tm{};
  const std::string s(text);
  const char* end = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S", &tm);
  if (end == nullptr) return std::nullopt;
  return from_tm(tm);
}

}  // namespace mb::storage::s3
