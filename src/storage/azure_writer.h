// ObjectWriter for Azure block blobs: an object that fits in one block goes up as a single Put
// Blob on commit; a larger one as Put Block calls as the bytes arrive, made visible by one Put
// Block List on commit. Nothing is visible before that, and an abandoned upload needs no cleanup:
// Azure discards uncommitted blocks by itself (after a week).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "storage/azure_client.h"
#include "storage/part_upload_writer.h"

namespace mb::storage::azure {

// At most 50,000 blocks of at most 4000 MiB each; with an unknown size, doubling every 5000 blocks
// (8 MiB, 16 MiB, ...) lets 50,000 of them hold about 38 TiB.
inline constexpr PartLimits kBlockLimits{.max_part_size = uint64_t{4000} << 20, .max_parts = 50'000,
                                         .parts_per_size_step = 5'000};

class Writer : public PartUploadWriter {
 public:
  Writer(std::shared_ptr<Client> client, std::string key, PartPlan plan);
  ~Writer() override;

  void abort() noexcept override;

 private:
  Status put_whole(std::string_view data) override;
  Status put_part(int part_number, std::string_view part) override;
  Status complete_parts() override;

  std::shared_ptr<Client> client_;
  std::string upload_tag_ = new_upload_tag();
  std::vector<std::string> block_ids_;
};

}  // namespace mb::storage::azure
