// The backup meta JSON reader (meta/meta_json): full_meta.json / backup_meta.json and the three
// level files. Any text decodes or is refused with kCorrupt; what decodes encodes to JSON that
// decodes to the same value.
#include "fuzz_input.h"
#include "meta/meta_json.h"

namespace {

template <typename T>
void expect_corrupt_on_failure(const mb::Result<T>& decoded, const char* what) {
  if (!decoded && decoded.error().code != mb::ErrorCode::kCorrupt) mb::fuzz::violated(what, decoded.error().message);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto text = mb::fuzz::as_text(data, size);
  auto info = mb::meta::decode_backup_info(text, "meta/full_meta.json");
  expect_corrupt_on_failure(info, "decode_backup_info: not kCorrupt");
  if (info) {
    const std::string encoded = mb::meta::encode_backup_info(*info);
    auto again = mb::meta::decode_backup_info(encoded, "re-encoded");
    if (!again) mb::fuzz::violated("our own encoding of a decoded BackupInfo does not decode", again.error().message);
    if (!(*again == *info)) mb::fuzz::violated("a decoded BackupInfo changed through encode and decode", encoded);
  }
  auto collections = mb::meta::decode_collection_level(text, "meta/collection_meta.json");
  expect_corrupt_on_failure(collections, "decode_collection_level: not kCorrupt");
  if (collections) {
    auto again = mb::meta::decode_collection_level(mb::meta::encode_collection_level(*collections), "re-encoded");
    if (!again || *again != *collections) mb::fuzz::violated("collection level changed through encode and decode");
  }
  auto partitions = mb::meta::decode_partition_level(text, "meta/partition_meta.json");
  expect_corrupt_on_failure(partitions, "decode_partition_level: not kCorrupt");
  if (partitions) {
    auto again = mb::meta::decode_partition_level(mb::meta::encode_partition_level(*partitions), "re-encoded");
    if (!again || *again != *partitions) mb::fuzz::violated("partition level changed through encode and decode");
  }
  auto segments = mb::meta::decode_segment_level(text, "meta/segment_meta.json");
  expect_corrupt_on_failure(segments, "decode_segment_level: not kCorrupt");
  if (segments) {
    auto again = mb::meta::decode_segment_level(mb::meta::encode_segment_level(*segments), "re-encoded");
    if (!again || *again != *segments) mb::fuzz::violated("segment level changed through encode and decode");
  }
  return 0;
}
