// The XML reader (storage/xml_reader) and the S3 answers read with it (storage/s3_responses):
// any body is read or refused with kCorrupt, never a crash. What the reader takes in, escaped into
// an element, reads back as the same text.
#include "fuzz_input.h"
#include "storage/s3_responses.h"
#include "storage/xml_reader.h"

namespace {

template <typename T>
void expect_corrupt_on_failure(const mb::Result<T>& parsed, const char* what) {
  if (!parsed && parsed.error().code != mb::ErrorCode::kCorrupt) mb::fuzz::violated(what, parsed.error().message);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace s3 = mb::storage::s3;
  namespace xml = mb::storage::xml;
  const auto body = mb::fuzz::as_text(data, size);
  auto root = xml::parse(body);
  expect_corrupt_on_failure(root, "xml::parse: not kCorrupt");
  if (root && s3::representable_in_xml(root->text)) {
    const std::string wrapped = "<a>" + xml::escape(root->text) + "</a>";
    auto again = xml::parse(wrapped);
    if (!again || again->text != root->text) mb::fuzz::violated("escaped text does not read back", wrapped);
  }
  (void)s3::parse_error(body);
  expect_corrupt_on_failure(s3::parse_list_objects_v2(body), "parse_list_objects_v2: not kCorrupt");
  expect_corrupt_on_failure(s3::parse_upload_id(body), "parse_upload_id: not kCorrupt");
  expect_corrupt_on_failure(s3::parse_copy_etag(body), "parse_copy_etag: not kCorrupt");
  expect_corrupt_on_failure(s3::parse_delete_result(body), "parse_delete_result: not kCorrupt");
  (void)s3::parse_iso8601(body);
  (void)s3::parse_http_date(body);
  (void)s3::strip_quotes(body);
  return 0;
}
