#include "server/server_context.h"

#include "util/random_id.h"

namespace mb::server {

std::string request_id_of(const httplib::Request& request) {
  auto id = request.get_header_value("request_id");
  return id.empty() ? random_uuid() : id;
}

}  // namespace mb::server
