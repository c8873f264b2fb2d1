// Builds the ObjectStore a storage config section (milvus.storage / backup.storage) describes, and
// tells where under it the objects live.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "config/config.h"
#include "storage/object_store.h"

namespace mb::storage {

// What the storage section does not say but the backends need.
struct StoreOptions {
  uint64_t multipart_copy_threshold = uint64_t{500} << 20;  // transfer.multipartCopyThresholdMiB
  // transfer.retryWindowSeconds: how long each request (S3, Azure, GCS) is retried while the store
  // refuses connections or answers 5xx (retry::Policy::window).
  std::chrono::seconds retry_window{0};
};

// The options `transfer.*` gives every store of a run.
StoreOptions store_options(const config::TransferConfig& transfer);

// local; the S3 family: minio, s3, aws, aliyun, tencent, hwc, gcp (GCS's XML API with HMAC keys,
// signed with SigV4 and region "auto"); azure (Shared Key); gcpnative (JSON API with a service
// account, or no credentials for an emulator at a custom endpoint). Unknown providers are
// kInvalidArgument, as is a configuration this build cannot serve (S3 auth.type iam/default),
// naming the config key.
Result<std::unique_ptr<ObjectStore>> make_store(const config::StorageConfig& config, const StoreOptions& options = {});

// The key prefix all objects of this section live under, without leading or trailing '/' (may be
// empty). S3 family: rootPath. local: the store's base is "/", so this is the absolute path of
// rootPath (relative paths against the current directory) without its leading '/'.
std::string root_prefix(const config::StorageConfig& config);

}  // namespace mb::storage
