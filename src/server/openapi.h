// The OpenAPI 3 document served at /api/v1/openapi.json. A unit test checks its paths and methods
// against the routes the server registers.
#pragma once

#include <string_view>

namespace mb::server {

std::string_view openapi_document();

}  // namespace mb::server
