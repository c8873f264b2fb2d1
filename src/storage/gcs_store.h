// ObjectStore over Google Cloud Storage's native JSON API (provider gcpnative), authorized with a
// service account (auth.type serviceAccount, auth.credentialsFile). With auth.type default and a
// custom endpoint (an emulator such as fake-gcs-server) requests carry no Authorization at all;
// Google's own endpoint always needs the service account.
#pragma once

#include <chrono>
#include <memory>

#include "config/config.h"
#include "storage/gcs_client.h"
#include "storage/object_store.h"

namespace mb::storage {

struct GcsStoreOptions {
  // Objects up to one chunk go up as a single media upload; larger ones through a resumable
  // session in chunks of this size (a multiple of 256 KiB).
  uint64_t chunk_size = uint64_t{8} << 20;
};

class GcsStore : public ObjectStore {
 public:
  GcsStore(std::shared_ptr<gcs::Client> client, GcsStoreOptions options = {});

  std::string describe() const override;
  // The endpoint and the principal (service account or anonymous): objects.rewrite copies between
  // any two buckets the principal can read and write. Contains no secret.
  std::string identity() const override;
  Result<std::optional<ObjectInfo>> stat(std::string_view key) override;
  Result<ListPage> list_page(std::string_view prefix, bool recursive, std::string_view token) override;
  Result<size_t> read_range(std::string_view key, uint64_t offset, std::span<std::byte> buffer) override;
  Result<std::unique_ptr<ObjectWriter>> open_writer(std::string_view key, std::optional<uint64_t> size_hint) override;
  uint64_t writer_buffer_bytes(uint64_t object_size) const override;
  Status copy_from(const ObjectStore& source, std::string_view src_key, std::string_view dst_key,
                   uint64_t size) override;
  Status remove(std::string_view key) override;
  Status ensure_bucket() override;

 private:
  std::shared_ptr<gcs::Client> client_;
  GcsStoreOptions options_;
};

// The store a gcpnative storage section describes; kInvalidArgument naming the config key when
// the credentials are missing or unusable. `retry_window` is transfer.retryWindowSeconds (see
// retry::Policy::window); the token requests ride it out too.
Result<std::unique_ptr<ObjectStore>> make_gcs_store(const config::StorageConfig& config,
                                                    std::chrono::milliseconds retry_window = {});

}  // namespace mb::storage
