#include "meta/backup_manifest.h"

#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>

#include <nlohmann/json.hpp>

#include "util/json_parse.h"
#include "util/crc32c.h"

namespace mb::meta {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

std::string crc32c_hex(uint32_t crc) {
  static constexpr std::string_view kHexDigits = "0123456789abcdef";
  std::string hex(8, '0');
  for (int i = 7; i >= 0; --i, crc >>= 4) hex[size_t(i)] = kHexDigits[crc & 0xF];
  return hex;
}

std::optional<uint32_t> parse_crc32c_hex(std::string_view hex) {
  uint32_t crc = 0;
  if (hex.size() != 8) return std::nullopt;
  const auto [end, error] = std::from_chars(hex.data(), hex.data() + hex.size(), crc, 16);
  if (error != std::errc() || end != hex.data() + hex.size()) return std::nullopt;
  return crc;
}

class ManifestReader {
 public:
  explicit ManifestReader(std::string_view file_name) : file_name_(file_name) {}

  Error corrupt(std::string_view path, std::string_view problem) const {
    return Error(ErrorCode::kCorrupt, std::string(file_name_) + ": " + std::string(path) + ": " + std::string(problem))
        .with("file", std::string(file_name_))
        .with("path", std::string(path));
  }

  // A missing member is left at its default.
  Status read_integer(const json& object, std::string_view key, std::string_view path, int64_t& out) const {
    const auto it = object.find(key);
    if (it == object.end()) return {};
    if (!it->is_number_integer()) return std::unexpected(corrupt(path, "expected an integer"));
    if (it->is_number_unsigned() && it->get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max())) {
      return std::unexpected(corrupt(path, "does not fit in int64"));
    }
    out = it->get<int64_t>();
    return {};
  }

  Status read_string(const json& object, std::string_view key, std::string_view path, std::string& out) const {
    const auto it = object.find(key);
    if (it == object.end()) return {};
    if (!it->is_string()) return std::unexpected(corrupt(path, "expected a string"));
    out = it->get<std::string>();
    return {};
  }

 private:
  std::string_view file_name_;
};

ordered_json encode_files(const std::vector<ManifestFile>& list) {
  ordered_json files = ordered_json::array();
  for (const ManifestFile& file : list) {
    files.push_back({{"key", file.key}, {"size", file.size}, {"crc32c", crc32c_hex(file.crc32c)}});
  }
  return files;
}

// The seal is the last member, so the bytes it covers are everything before its comma.
constexpr std::string_view kSealMember = ",\"crc32c\":\"";

// A sealed manifest has both meta_files and its crc32c; one without the other is a damaged name.
Status check_seal(const ManifestReader& reader, const json& document, std::string_view text,
                  BackupManifest& manifest) {
  const bool has_meta_files = document.contains("meta_files");
  const auto seal = document.find("crc32c");
  if (seal == document.end() && !has_meta_files) return {};  // written before manifests were sealed
  if (seal == document.end()) return fail(reader.corrupt("crc32c", "missing, though meta_files is there"));
  if (!has_meta_files) return fail(reader.corrupt("meta_files", "missing, though crc32c is there"));
  const auto expected = seal->is_string() ? parse_crc32c_hex(seal->get<std::string>()) : std::nullopt;
  if (!expected) return fail(reader.corrupt("crc32c", "expected 8 hex digits"));
  const size_t end = text.rfind(kSealMember);
  if (end == std::string_view::npos) return fail(reader.corrupt("crc32c", "not the last member"));
  const uint32_t found = crc32c(text.substr(0, end));
  if (found != *expected) {
    return fail(reader.corrupt("crc32c", "the manifest does not match its own checksum (recorded " +
                                             crc32c_hex(*expected) + ", computed " + crc32c_hex(found) + ")"));
  }
  manifest.sealed = true;
  return {};
}

}  // namespace

std::string encode_backup_manifest(const BackupManifest& manifest) {
  const ordered_json document = {
      {"format_version", manifest.format_version},
      {"tool_version", manifest.tool_version},
      {"start_time_unix_ms", manifest.start_time_unix_ms},
      {"end_time_unix_ms", manifest.end_time_unix_ms},
      {"files", encode_files(manifest.files)},
      {"meta_files", encode_files(manifest.meta_files)},
  };
  std::string text = document.dump(-1, ' ', false, json::error_handler_t::replace);
  text.pop_back();  // the closing brace
  const uint32_t crc = crc32c(text);
  return text + std::string(kSealMember) + crc32c_hex(crc) + "\"}";
}

Result<BackupManifest> decode_backup_manifest(std::string_view json_text, std::string_view file_name) {
  const ManifestReader reader(file_name);
  auto parsed = parse_json(json_text, ErrorCode::kCorrupt);
  if (!parsed) return fail(wrap(std::move(parsed).error(), file_name).with("file", std::string(file_name)));
  const json document = std::move(*parsed);
  if (!document.is_object()) return fail(reader.corrupt("(root)", "expected an object"));

  BackupManifest manifest;
  MB_CHECK(reader.read_integer(document, "format_version", "format_version", manifest.format_version));
  if (manifest.format_version > kBackupManifestFormatVersion) {
    return fail(reader.corrupt("format_version", "version " + std::to_string(manifest.format_version) +
                                                     " is newer than this tool understands (" +
                                                     std::to_string(kBackupManifestFormatVersion) + ")"));
  }
  MB_CHECK(reader.read_string(document, "tool_version", "tool_version", manifest.tool_version));
  MB_CHECK(reader.read_integer(document, "start_time_unix_ms", "start_time_unix_ms", manifest.start_time_unix_ms));
  MB_CHECK(reader.read_integer(document, "end_time_unix_ms", "end_time_unix_ms", manifest.end_time_unix_ms));

  auto read_files = [&](std::string_view member, std::vector<ManifestFile>& out) -> Status {
    const auto files = document.find(member);
    if (files == document.end()) return {};
    if (!files->is_array()) return fail(reader.corrupt(member, "expected an array"));
    out.reserve(files->size());
    for (size_t i = 0; i < files->size(); ++i) {
      const std::string path = std::string(member) + "[" + std::to_string(i) + "]";
      const json& entry = (*files)[i];
      if (!entry.is_object()) return fail(reader.corrupt(path, "expected an object"));
      ManifestFile file;
      MB_CHECK(reader.read_string(entry, "key", path + ".key", file.key));
      MB_CHECK(reader.read_integer(entry, "size", path + ".size", file.size));
      std::string crc_hex;
      MB_CHECK(reader.read_string(entry, "crc32c", path + ".crc32c", crc_hex));
      const auto crc = parse_crc32c_hex(crc_hex);
      if (!crc) return fail(reader.corrupt(path + ".crc32c", "expected 8 hex digits, got \"" + crc_hex + "\""));
      file.crc32c = *crc;
      out.push_back(std::move(file));
    }
    return {};
  };
  MB_CHECK(read_files("files", manifest.files));
  MB_CHECK(read_files("meta_files", manifest.meta_files));
  MB_CHECK(check_seal(reader, document, json_text, manifest));
  return manifest;
}

}  // namespace mb::meta
