// GCS's JSON answers (storage/gcs_responses): error bodies, object resources, objects.list pages
// and rewrite progress.
#include "fuzz_input.h"
#include "storage/gcs_responses.h"

namespace {

template <typename T>
void expect_corrupt_on_failure(const mb::Result<T>& parsed, const char* what) {
  if (!parsed && parsed.error().code != mb::ErrorCode::kCorrupt) mb::fuzz::violated(what, parsed.error().message);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace gcs = mb::storage::gcs;
  const auto body = mb::fuzz::as_text(data, size);
  (void)gcs::parse_error(body);
  expect_corrupt_on_failure(gcs::parse_object(body), "parse_object: not kCorrupt");
  expect_corrupt_on_failure(gcs::parse_list(body), "parse_list: not kCorrupt");
  expect_corrupt_on_failure(gcs::parse_rewrite(body), "parse_rewrite: not kCorrupt");
  return 0;
}
