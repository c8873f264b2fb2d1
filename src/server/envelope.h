// The Go tool's response envelope: {"requestId","code","msg","data"} with protobuf-style
// omitempty: requestId and msg absent when empty, code absent on success, data always present
// (null when unset) for responses that have it.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "util/error.h"

namespace httplib {
struct Response;
}

namespace mb::server {

// The Go tool's ResponseCode values.
enum class ResponseCode : int {
  kSuccess = 0,
  kNotSupport = 1,
  kNoPermission = 2,
  kFail = 3,
  kParameterError = 400,
  kNotFound = 404,
};

struct Envelope {
  std::string request_id{};
  ResponseCode code = ResponseCode::kSuccess;
  std::string msg{};
  nlohmann::ordered_json data = nullptr;
  bool has_data = true;  // DeleteBackupResponse has no data member
};

std::string render(const Envelope& envelope);

// How a library error is reported in `code`: bad input 400, a missing backup or task 404 (the Go
// tool's Request_Object_Not_Found), anything else Fail.
ResponseCode response_code_for(const Error& error);

// Sets the body (application/json, as gin's c.JSON) and the HTTP status.
void reply(httplib::Response& response, const Envelope& envelope, int http_status = 200);

}  // namespace mb::server
