#include "storage/http_answers.h"

#include "util/retry.h"

namespace mb::storage {

ErrorCode error_code_for(long status) {
  switch (status) {
    case 401: case 403: return ErrorCode::kPermissionDenied;
    case 404: return ErrorCode::kNotFound;
    case 408: case 429: case 500: case 502: case 503: case 504: return ErrorCode::kUnavailable;
    default: return ErrorCode::kStorage;
  }
}

std::string_view reason_phrase(long status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 416: return "Range Not Satisfiable";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "";
  }
}

std::string byte_range(uint64_t offset, size_t length) {
  return "bytes=" + std::to_string(offset) + "-" + std::to_string(offset + length - 1);
}

Result<size_t> ranged_get_result(Result<http::Response> answer, const RangedGet& get) {
  if (!answer) {
    if (answer.error().get(retry::kHttpStatusKey) == "416") return size_t{0};
    return fail(std::move(answer).error());
  }
  if (answer->status != 206 && get.offset != 0) {
    return fail(Error(ErrorCode::kStorage,
                      std::string(get.operation) + " ignored the " + std::string(get.range_header) + " header")
                    .with("key", std::string(get.key))
                    .with(retry::kHttpStatusKey, std::to_string(answer->status))
                    .with("store", get.store));
  }
  return answer->body_size;
}

}  // namespace mb::storage
