#include "storage/azure_responses.h"

#include <charconv>
#include <cstdio>

#include "storage/s3_responses.h"
#include "storage/xml_reader.h"
#include "util/digest.h"
#include "util/random_id.h"

namespace mb::storage::azure {
namespace {

std::optional<uint64_t> to_u64(std::string_view text) {
  uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<ErrorBody> parse_error(std::string_view body) {
  auto root = xml::parse(body);
  if (!root || root->name != "Error") return std::nullopt;
  std::string_view message = root->child_text("Message");
  message = message.substr(0, message.find('\n'));
  return ErrorBody{std::string(root->child_text("Code")), std::string(message)};
}

Result<ListResult> parse_list_blobs(std::string_view body) {
  MB_TRY(root, xml::parse(body));
  if (root.name != "EnumerationResults") {
    return fail(ErrorCode::kCorrupt, "unexpected List Blobs answer: <" + root.name + "> instead of <EnumerationResults>");
  }
  ListResult result;
  if (const xml::Element* blobs = root.child("Blobs")) {
    for (const xml::Element* blob : blobs->children_named("Blob")) {
      ObjectInfo info;
      info.key = std::string(blob->child_text("Name"));
      const xml::Element* properties = blob->child("Properties");
      const auto size = properties != nullptr ? to_u64(properties->child_text("Content-Length")) : std::nullopt;
      if (!size) return fail(Error(ErrorCode::kCorrupt, "listing has a blob without a size").with("key", info.key));
      info.size = *size;
      info.mtime_unix = s3::parse_http_date(properties->child_text("Last-Modified")).value_or(0);
      info.etag = s3::strip_quotes(properties->child_text("Etag"));
      result.objects.push_back(std::move(info));
    }
    for (const xml::Element* prefix : blobs->children_named("BlobPrefix")) {
      result.common_prefixes.emplace_back(prefix->child_text("Name"));
    }
  }
  result.next_marker = std::string(root.child_text("NextMarker"));
  return result;
}

std::string block_id(std::string_view upload_tag, int block_number) {
  char number[16];
  std::snprintf(number, sizeof number, "%09d", block_number);
  return digest::base64_encode(std::string(upload_tag) + "-" + number);
}

std::string new_upload_tag() { return random_uuid().substr(0, 8); }

std::string block_list_body(std::span<const std::string> block_ids) {
  std::string body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>";
  for (const auto& id : block_ids) body += "<Latest>" + id + "</Latest>";
  return body + "</BlockList>";
}

}  // namespace mb::storage::azure
