// ObjectStore over the Azure Blob REST API (Azure Storage, Azurite), authorized with Shared Key.
#pragma once

#include <chrono>
#include <memory>

#include "config/config.h"
#include "storage/azure_client.h"
#include "storage/object_store.h"

namespace mb::storage {

struct AzureStoreOptions {
  // Objects up to one block go up as a single Put Blob; larger ones as blocks of at least this
  // size (more when needed to stay within 50,000 blocks).
  uint64_t min_block_size = uint64_t{8} << 20;
  // Server-side copies up to this size use the synchronous Copy Blob From URL (Azure allows at most
  // 256 MiB); larger ones start an asynchronous Copy Blob and poll it. Like the Go tool, this is
  // transfer.multipartCopyThresholdMiB capped at 256 MiB.
  uint64_t sync_copy_limit = uint64_t{256} << 20;
  // How long the read SAS of a copy source lives: the source must stay readable for as long as
  // Azure copies, which for an asynchronous copy between accounts is not bounded by one request.
  std::chrono::seconds sync_copy_sas_lifetime{15 * 60};
  std::chrono::seconds async_copy_sas_lifetime{6 * 60 * 60};
};

class AzureStore : public ObjectStore {
 public:
  AzureStore(std::shared_ptr<azure::Client> client, AzureStoreOptions options = {});

  std::string describe() const override;
  // The Blob service (cloud endpoint suffix, or emulator instance), not the account: copies between
  // accounts read the source through a SAS signed with the source's key, so any two stores on one
  // service can copy server-side. Contains no secret.
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
  Status wait_for_copy(std::string_view dst_key, const azure::CopyState& started);

  std::shared_ptr<azure::Client> client_;
  AzureStoreOptions options_;
};

// The store an azure storage section describes (auth.type sharedKey); kInvalidArgument naming the
// config key otherwise. `multipart_copy_threshold` is transfer.multipartCopyThresholdMiB in bytes;
// `retry_window` is transfer.retryWindowSeconds (see retry::Policy::window).
Result<std::unique_ptr<ObjectStore>> make_azure_store(const config::StorageConfig& config,
                                                      uint64_t multipart_copy_threshold,
                                                      std::chrono::milliseconds retry_window = {});

}  // namespace mb::storage
