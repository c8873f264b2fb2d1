#include "server/envelope.h"

#include <httplib.h>

#include "meta/go_json_writer.h"

namespace mb::server {

std::string render(const Envelope& envelope) {
  nlohmann::ordered_json body = nlohmann::ordered_json::object();
  if (!envelope.request_id.empty()) body["requestId"] = envelope.request_id;
  if (envelope.code != ResponseCode::kSuccess) body["code"] = static_cast<int>(envelope.code);
  if (!envelope.msg.empty()) body["msg"] = envelope.msg;
  if (envelope.has_data) body["data"] = envelope.data;
  return meta::to_go_json(body);
}

ResponseCode response_code_for(const Error& error) {
  switch (error.code) {
    case ErrorCode::kInvalidArgument: return ResponseCode::kParameterError;
    case ErrorCode::kNotFound: return ResponseCode::kNotFound;
    default: return ResponseCode::kFail;
  }
}

void reply(httplib::Response& response, const Envelope& envelope, int http_status) {
  response.status = http_status;
  response.set_content(render(envelope), "application/json; charset=utf-8");
}

}  // namespace mb::server
