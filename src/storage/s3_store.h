// ObjectStore over the S3 REST API (AWS S3, MinIO, SeaweedFS, moto, Aliyun OSS, Tencent COS,
// Huawei OBS, Google Cloud Storage's interoperable XML API), signed with SigV4.
#pragma once

#include <atomic>
#include <memory>

#include "storage/object_store.h"
#include "storage/s3_client.h"

namespace mb::storage {

struct S3StoreOptions {
  // Objects up to one part go up as a single PutObject; larger ones as multipart uploads with parts
  // of at least this size (more when needed to stay within 10,000 parts).
  uint64_t min_part_size = uint64_t{8} << 20;
  // Server-side copies above this size (and always above S3's 5 GiB CopyObject limit) use
  // UploadPartCopy; transfer.multipartCopyThresholdMiB.
  uint64_t multipart_copy_threshold = uint64_t{500} << 20;
  uint64_t copy_part_size = uint64_t{256} << 20;
};

class S3Store : public ObjectStore {
 public:
  S3Store(std::shared_ptr<s3::Client> client, S3StoreOptions options = {});

  std::string describe() const override;
  // The service endpoint and access key: buckets behind one endpoint and key can copy to each other.
  std::string identity() const override;
  Result<std::optional<ObjectInfo>> stat(std::string_view key) override;
  Result<ListPage> list_page(std::string_view prefix, bool recursive, std::string_view token) override;
  Result<size_t> read_range(std::string_view key, uint64_t offset, std::span<std::byte> buffer) override;
  Result<std::unique_ptr<ObjectWriter>> open_writer(std::string_view key, std::optional<uint64_t> size_hint) override;
  uint64_t writer_buffer_bytes(uint64_t object_size) const override;
  Status copy_from(const ObjectStore& source, std::string_view src_key, std::string_view dst_key,
                   uint64_t size) override;
  Status remove(std::string_view key) override;
  Status remove_many(std::span<const std::string> keys) override;
  Status ensure_bucket() override;

 private:
  Status multipart_copy(const std::string& source_bucket, std::string_view src_key, std::string_view dst_key,
                        uint64_t size);

  std::shared_ptr<s3::Client> client_;
  S3StoreOptions options_;
  // Cleared the first time the server answers DeleteObjects with "not implemented".
  std::atomic<bool> batch_delete_{true};
};

}  // namespace mb::storage
