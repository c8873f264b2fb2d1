// ObjectWriter for GCS: an object that fits in one chunk goes up as a single media upload on
// commit; a larger one through a resumable upload session, chunk by chunk as the bytes arrive, the
// object appearing only when the last chunk is in. A failed chunk is resumed from what GCS says it
// kept. Destruction without commit cancels the session. The CRC32C of the bytes written is checked
// against the one GCS computed for the object.
#pragma once

#include <memory>
#include <string>

#include "storage/gcs_client.h"
#include "storage/upload_writer.h"

namespace mb::storage::gcs {

class Writer : public UploadWriter {
 public:
  // `chunk_size` must be a multiple of 256 KiB, as GCS wants for all chunks but the last.
  // `buffer_bytes` is allocated up front: what the copy engine reserved for this writer (see
  // GcsStore::writer_buffer_bytes), so appends never grow the buffer past it by doubling.
  Writer(std::shared_ptr<Client> client, std::string key, uint64_t chunk_size, uint64_t buffer_bytes);
  ~Writer() override;

  Status write(std::span<const std::byte> data) override;
  Status commit() override;
  void abort() noexcept override;

 private:
  // Sends the first `n` buffered bytes (all of them, with the total, for the last chunk) and drops
  // from the buffer what GCS kept.
  Status send(size_t n, std::optional<uint64_t> total);
  Status apply(const SessionState& state);
  Status verify(const ObjectInfo& object);

  std::shared_ptr<Client> client_;
  uint64_t chunk_size_;
  std::string buffer_;      // bytes from offset_ on that GCS has not kept yet
  uint64_t offset_ = 0;     // bytes GCS has kept
  uint64_t total_ = 0;      // bytes written
  uint32_t crc_ = 0;        // CRC32C of the bytes written
  std::string session_;     // the resumable session URI, once one is started
  std::optional<ObjectInfo> object_;  // set when GCS has the whole object
};

}  // namespace mb::storage::gcs
