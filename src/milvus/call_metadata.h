// The gRPC metadata Milvus reads on every call: who is calling (authorization), which connection
// (identifier, from Connect) and which database (dbname).
#pragma once

#include <grpcpp/client_context.h>

#include <string>
#include <string_view>

namespace mb::milvus {

inline constexpr const char* kAuthorizationHeader = "authorization";
inline constexpr const char* kIdentifierHeader = "identifier";
inline constexpr const char* kDatabaseHeader = "dbname";

// base64("user:password"), without a "Basic " prefix as Milvus expects; empty when both are empty.
std::string authorization_value(std::string_view user, std::string_view password);

struct CallMetadata {
  std::string authorization;  // secret: never logged
  std::string identifier;     // empty until Connect succeeded

  // Adds the headers that are set; `db` is sent only when not empty.
  void apply(grpc::ClientContext& context, std::string_view db) const;
};

}  // namespace mb::milvus
