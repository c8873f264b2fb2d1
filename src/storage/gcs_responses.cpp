#include "storage/gcs_responses.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "storage/s3_responses.h"
#include "util/digest.h"
#include "util/json_parse.h"

namespace mb::storage::gcs {
namespace {

using nlohmann::json;

Result<json> parse_json_object(std::string_view body, std::string_view what) {
  json parsed = parse_json(body, ErrorCode::kCorrupt).value_or(json());
  if (!parsed.is_object()) return fail(ErrorCode::kCorrupt, "GCS answered " + std::string(what) + " that is not JSON");
  return parsed;
}

std::string string_field(const json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The JSON API sends 64-bit numbers such as "size" as strings.
std::optional<uint64_t> u64_field(const json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end()) return std::nullopt;
  if (it->is_number_unsigned()) return it->get<uint64_t>();
  if (!it->is_string()) return std::nullopt;
  const std::string text = it->get<std::string>();
  uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

Result<ObjectInfo> object_info(const json& resource) {
  ObjectInfo info;
  info.key = string_field(resource, "name");
  const auto size = u64_field(resource, "size");
  if (info.key.empty() || !size) {
    return fail(Error(ErrorCode::kCorrupt, "GCS object resource without a name or size").with("key", info.key));
  }
  info.size = *size;
  info.mtime_unix = s3::parse_iso8601(string_field(resource, "updated")).value_or(0);
  info.etag = string_field(resource, "crc32c");
  return info;
}

}  // namespace

std::optional<ErrorBody> parse_error(std::string_view body) {
  const json parsed = parse_json(body, ErrorCode::kCorrupt).value_or(json());
  if (!parsed.is_object() || !parsed.contains("error") || !parsed["error"].is_object()) return std::nullopt;
  const json& error = parsed["error"];
  ErrorBody out{.reason = {}, .message = string_field(error, "message")};
  if (const auto errors = error.find("errors"); errors != error.end() && errors->is_array() && !errors->empty() &&
                                                (*errors)[0].is_object()) {
    out.reason = string_field((*errors)[0], "reason");
  }
  return out;
}

Result<ObjectInfo> parse_object(std::string_view body) {
  MB_TRY(resource, parse_json_object(body, "an object resource"));
  return object_info(resource);
}

Result<ListResult> parse_list(std::string_view body) {
  MB_TRY(page, parse_json_object(body, "a listing"));
  ListResult result;
  if (const auto items = page.find("items"); items != page.end() && items->is_array()) {
    for (const json& item : *items) {
      MB_TRY(info, object_info(item));
      result.objects.push_back(std::move(info));
    }
  }
  if (const auto prefixes = page.find("prefixes"); prefixes != page.end() && prefixes->is_array()) {
    for (const json& prefix : *prefixes) {
      if (prefix.is_string()) result.common_prefixes.push_back(prefix.get<std::string>());
    }
  }
  result.next_page_token = string_field(page, "nextPageToken");
  return result;
}

Result<RewriteProgress> parse_rewrite(std::string_view body) {
  MB_TRY(progress, parse_json_object(body, "rewrite progress"));
  RewriteProgress out;
  if (const auto done = progress.find("done"); done != progress.end()) {
    if (!done->is_boolean()) return fail(ErrorCode::kCorrupt, "GCS rewrite progress has a \"done\" that is not a boolean");
    out.done = done->get<bool>();
  }
  out.rewrite_token = string_field(progress, "rewriteToken");
  if (!out.done && out.rewrite_token.empty()) {
    return fail(ErrorCode::kCorrupt, "GCS rewrite is not done but gave no rewriteToken to continue with");
  }
  return out;
}

std::string crc32c_base64(uint32_t crc) {
  const char bytes[] = {static_cast<char>(crc >> 24), static_cast<char>(crc >> 16), static_cast<char>(crc >> 8),
                        static_cast<char>(crc)};
  return digest::base64_encode(std::string_view(bytes, sizeof bytes));
}

}  // namespace mb::storage::gcs
