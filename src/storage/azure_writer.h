// ObjectWriter for Azure block blobs: an object that fits in one block goes up as a single Put
// Blob on commit; a larger one as Put Block calls as the bytes arrive, made visible by one Put
// Block List on commit. Nothing is visible before that, and an abandoned upload needs no cleanup:
// Azure discards uncommitted blocks by itself (after a week).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/azure_client.h"
#include "storage/object_store.h"

namespace mb::storage::azure {

// Block sizes: at most 50,000 blocks of at most 4000 MiB each.
struct BlockPlan {
  uint64_t first_block_size = 0;
  bool size_known = false;
  // With an unknown size, blocks grow as the upload goes on, so 50,000 of them hold tens of TiB.
  uint64_t block_size(int block_number) const;
};
BlockPlan plan_blocks(std::optional<uint64_t> size_hint, uint64_t min_block_size);

class Writer : public ObjectWriter {
 public:
  Writer(std::shared_ptr<Client> client, std::string key, BlockPlan plan);
  ~Writer() override;

  Status write(std::span<const std::byte> data) override;
  Status commit() override;
  void abort() noexcept override;

 private:
  Status flush_block();
  Status failed(Error error);  // abandons the upload, then returns the error

  std::shared_ptr<Client> client_;
  std::string key_;
  BlockPlan plan_;
  std::string upload_tag_ = new_upload_tag();
  std::string buffer_;  // the block being filled
  std::vector<std::string> block_ids_;
  bool finished_ = false;  // committed or aborted
};

}  // namespace mb::storage::azure
