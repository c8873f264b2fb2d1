// Our backup manifest (meta/backup_manifest, meta/milvus_backup_cpp.json): any text decodes or is
// refused with kCorrupt, and what decodes encodes to the same manifest, sealed.
#include "fuzz_input.h"
#include "meta/backup_manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto manifest = mb::meta::decode_backup_manifest(mb::fuzz::as_text(data, size), "meta/milvus_backup_cpp.json");
  if (!manifest) {
    if (manifest.error().code != mb::ErrorCode::kCorrupt) mb::fuzz::violated("not kCorrupt", manifest.error().message);
    return 0;
  }
  const std::string encoded = mb::meta::encode_backup_manifest(*manifest);
  auto again = mb::meta::decode_backup_manifest(encoded, "re-encoded");
  if (!again) mb::fuzz::violated("our own manifest does not decode", again.error().message);
  // Encoding always seals, so an older manifest (no meta_files, no crc32c) comes back sealed.
  auto resealed = *manifest;
  resealed.sealed = true;
  if (!(*again == resealed)) mb::fuzz::violated("a manifest changed through encode and decode", encoded);
  return 0;
}
