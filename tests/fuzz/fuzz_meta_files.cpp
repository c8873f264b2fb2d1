// A backup's meta/ folder as a whole (meta/meta_files): full_meta.json, or the four level files
// re-assembled into a tree. The input holds the files separated by NUL bytes, in the order of
// kFiles; a part that is empty or absent is a file that does not exist.
#include <array>

#include "fuzz_input.h"
#include "meta/meta_files.h"

namespace {

constexpr std::array<std::string_view, 5> kFiles = {mb::meta::kBackupMetaFile, mb::meta::kCollectionMetaFile,
                                                    mb::meta::kPartitionMetaFile, mb::meta::kSegmentMetaFile,
                                                    mb::meta::kFullMetaFile};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto parts = mb::fuzz::split_at_nul(mb::fuzz::as_text(data, size));
  const mb::meta::MetaFileLookup lookup =
      [&](std::string_view file_name) -> mb::Result<std::optional<std::string>> {
    for (size_t i = 0; i < kFiles.size() && i < parts.size(); ++i) {
      if (kFiles[i] == file_name && !parts[i].empty()) return std::optional<std::string>(parts[i]);
    }
    return std::optional<std::string>();
  };
  auto info = mb::meta::decode_meta_files(lookup);
  if (!info) {
    const auto code = info.error().code;
    if (code != mb::ErrorCode::kCorrupt && code != mb::ErrorCode::kNotFound && code != mb::ErrorCode::kInvalidArgument) {
      mb::fuzz::violated("decode_meta_files: unexpected error code", info.error().message);
    }
    return 0;
  }
  // What was read writes out as a set of meta files that reads back the same.
  const auto files = mb::meta::encode_meta_files(*info);
  const mb::meta::MetaFileLookup written = [&](std::string_view file_name) -> mb::Result<std::optional<std::string>> {
    for (const auto& [name, content] : files) {
      if (name == file_name) return std::optional<std::string>(content);
    }
    return std::optional<std::string>();
  };
  auto again = mb::meta::decode_meta_files(written);
  if (!again) mb::fuzz::violated("our own meta files do not read back", again.error().message);
  return 0;
}
