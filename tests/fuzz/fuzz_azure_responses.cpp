// Azure Blob's XML answers (storage/azure_responses): <Error> bodies and List Blobs pages.
#include "fuzz_input.h"
#include "storage/azure_responses.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace azure = mb::storage::azure;
  const auto body = mb::fuzz::as_text(data, size);
  (void)azure::parse_error(body);
  auto list = azure::parse_list_blobs(body);
  if (!list && list.error().code != mb::ErrorCode::kCorrupt) {
    mb::fuzz::violated("parse_list_blobs: not kCorrupt", list.error().message);
  }
  return 0;
}
