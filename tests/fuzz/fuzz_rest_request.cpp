// The REST API's request bodies (server/request_parsing): any body is parsed or refused with
// kInvalidArgument, never a crash or an escaping exception.
#include "fuzz_input.h"
#include "server/request_parsing.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto body = mb::fuzz::as_text(data, size);
  if (auto create = mb::server::parse_create_request(body); !create && create.error().code != mb::ErrorCode::kInvalidArgument) {
    mb::fuzz::violated("parse_create_request failed with another code than kInvalidArgument", create.error().message);
  }
  if (auto restore = mb::server::parse_restore_request(body); !restore && restore.error().code != mb::ErrorCode::kInvalidArgument) {
    mb::fuzz::violated("parse_restore_request failed with another code than kInvalidArgument", restore.error().message);
  }
  (void)mb::server::validate_task_id(body);
  return 0;
}
