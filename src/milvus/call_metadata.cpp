#include "milvus/call_metadata.h"

#include "util/digest.h"

namespace mb::milvus {

std::string authorization_value(std::string_view user, std::string_view password) {
  if (user.empty() && password.empty()) return {};
  std::string credentials(user);
  credentials += ':';
  credentials += password;
  return digest::base64_encode(credentials);
}

void CallMetadata::apply(grpc::ClientContext& context, std::string_view db) const {
  if (!authorization.empty()) context.AddMetadata(kAuthorizationHeader, authorization);
  if (!identifier.empty()) context.AddMetadata(kIdentifierHeader, identifier);
  if (!db.empty()) context.AddMetadata(kDatabaseHeader, std::string(db));
}

}  // namespace mb::milvus
