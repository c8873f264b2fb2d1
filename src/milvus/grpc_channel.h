// The gRPC channel to Milvus's proxy as milvus.* configures it: address, TLS (server or mutual),
// keepalive, and a 2 GiB receive limit (a DescribeCollection or segment list can be large).
#pragma once

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "config/config.h"
#include "util/error.h"

namespace mb::milvus {

// "host:port", with an IPv6 host in brackets.
std::string grpc_target(const config::MilvusConfig& config);

// Fails (kConfig) when a TLS file cannot be read. Does not connect: the first call does.
Result<std::shared_ptr<grpc::Channel>> make_channel(const config::MilvusConfig& config);

}  // namespace mb::milvus
