// Backup names and strings that become storage keys (meta/names): any text is accepted or refused
// with kInvalidArgument, and an accepted backup name also passes as a key part.
#include "fuzz_input.h"
#include "meta/names.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto text = mb::fuzz::as_text(data, size);
  const auto name = mb::meta::validate_backup_name(text);
  if (!name && name.error().code != mb::ErrorCode::kInvalidArgument) {
    mb::fuzz::violated("validate_backup_name: not kInvalidArgument", name.error().message);
  }
  const auto key = mb::meta::validate_key_part(text, "fuzzed value");
  if (!key && key.error().code != mb::ErrorCode::kInvalidArgument) {
    mb::fuzz::violated("validate_key_part: not kInvalidArgument", key.error().message);
  }
  if (name && !key) mb::fuzz::violated("a valid backup name is not a valid key part", text);
  return 0;
}
