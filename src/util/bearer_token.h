// Optional bearer-token auth of the server's REST and gRPC APIs (server.auth.token /
// MILVUS_BACKUP_SERVER_TOKEN).
#pragma once

#include <string_view>

namespace mb {

// True when `authorization` is "Bearer <token>". Compares digests in constant time, so neither the
// token's bytes nor its length can be learnt from response timing.
bool bearer_token_matches(std::string_view authorization, std::string_view token);

}  // namespace mb
