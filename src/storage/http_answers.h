// How an object store's HTTP answer reads, the same for every REST backend (S3, Azure, GCS): the
// ErrorCode of a failed call's status, its reason phrase, and what a ranged GET brought back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "util/error.h"
#include "util/http_client.h"

namespace mb::storage {

// 409 reads kStorage here: only the backend's own error code tells "already exists" apart.
ErrorCode error_code_for(long status);

// "Not Found" for 404 and the like; empty for statuses without one worth showing.
std::string_view reason_phrase(long status);

// The value of a Range header for `length` bytes from `offset`: "bytes=<first>-<last>".
std::string byte_range(uint64_t offset, size_t length);

// What ObjectStore::read_range returns for the answer to a ranged GET: the number of bytes that
// came, or 0 when the server answered 416 (the range starts at or past the end). A full answer (200)
// to a range that does not start at 0 is an error: those bytes are not the ones asked for.
struct RangedGet {
  std::string_view operation;     // "GetObject": names the call in errors
  std::string_view range_header;  // "Range", or "x-ms-range"
  std::string_view key;
  uint64_t offset = 0;
  std::string store;  // describe() of the store
};
Result<size_t> ranged_get_result(Result<http::Response> answer, const RangedGet& get);

// The page a listing call answered, parsed by `parse` (body -> Result<Page>); an error names the
// prefix, and the store when the body was unreadable.
template <typename Parse>
auto listing_page(Result<http::Response> answer, std::string_view prefix, const std::string& store, Parse parse)
    -> decltype(parse(std::string_view{})) {
  if (!answer) return fail(std::move(answer).error().with("prefix", std::string(prefix)));
  auto page = parse(answer->body);
  if (!page) return fail(std::move(page.error()).with("prefix", std::string(prefix)).with("store", store));
  return page;
}

}  // namespace mb::storage
