// Where the requests of a GCS store (the native JSON API) go. Like the Go tool, an address that is
// Google's own (storage.googleapis.com, googleapis.com, empty) means https://storage.googleapis.com;
// any other address is a custom endpoint, e.g. fake-gcs-server, reached at
// http(s)://address:port as useSSL says.
#pragma once

#include <string>
#include <string_view>

#include "config/config.h"
#include "util/error.h"

namespace mb::storage::gcs {

struct Endpoint {
  std::string base_url;  // "https://storage.googleapis.com", "http://127.0.0.1:4443"
  std::string bucket;
  bool custom = false;  // not Google's own service

  // base/storage/v1/b/<bucket>/o/<key, fully encoded: '/' too>
  std::string object_url(std::string_view bucket_name, std::string_view key) const;
  std::string object_url(std::string_view key) const { return object_url(bucket, key); }
  std::string objects_url() const;      // base/storage/v1/b/<bucket>/o
  std::string buckets_url() const;      // base/storage/v1/b
  std::string upload_url() const;       // base/upload/storage/v1/b/<bucket>/o
};

Result<Endpoint> resolve_endpoint(const config::StorageConfig& config);

}  // namespace mb::storage::gcs
