// Where the requests of an S3-family store go, per provider, and what each provider's S3 dialect
// supports. Addressing follows the Go tool (minio-go): path-style for MinIO and custom endpoints,
// virtual-hosted for AWS's own endpoints, Aliyun OSS, Tencent COS, Huawei OBS and Google Cloud
// Storage.
#pragma once

#include <string>
#include <string_view>

#include "config/config.h"
#include "util/error.h"

namespace mb::storage::s3 {

struct Endpoint {
  std::string scheme;        // "http" or "https"
  std::string service_host;  // the store's host[:port], without a bucket: "s3.us-east-1.amazonaws.com"
  std::string bucket;
  bool virtual_hosted = false;  // bucket in the host name rather than in the path
  std::string region;           // for signing

  // The Host header: "bucket.service_host" when virtual-hosted.
  std::string host() const;
  // The decoded request path of the bucket (empty key) or of one object: "/bucket/key" or "/key".
  std::string path(std::string_view key) const;
  // "scheme://host" + encoded path + "?" + canonical query, as sent.
  std::string url(std::string_view path_encoded, std::string_view canonical_query) const;
};

// What a provider's S3 dialect can do.
struct Dialect {
  bool batch_delete = true;  // DeleteObjects (GCS's XML API has none)
  bool part_copy = true;     // UploadPartCopy (GCS has none; the Go tool never multipart-copies there)
  bool oauth_bearer = false; // gcp with auth.sessionToken: the token is an OAuth2 access token
};

// kInvalidArgument naming the config key when the address is unusable.
Result<Endpoint> resolve_endpoint(const config::StorageConfig& config);
Dialect dialect_of(const config::StorageConfig& config);

}  // namespace mb::storage::s3
