// ObjectWriter for S3: an object that fits in one part goes up as a single PutObject on commit;
// a larger one as a multipart upload, one part at a time as the bytes arrive. Any failure, and
// destruction without commit, aborts the multipart upload so no orphaned parts are left behind.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "storage/object_store.h"
#include "storage/s3_client.h"

namespace mb::storage::s3 {

// Part sizes: S3 wants parts of at least 5 MiB (but the last), at most 5 GiB and 10,000 parts.
struct PartPlan {
  uint64_t first_part_size = 0;
  std::optional<uint64_t> size_hint;
  // With an unknown size, parts grow so that 10,000 of them still reach S3's 5 TiB limit.
  uint64_t part_size(int part_number) const;
};
PartPlan plan_parts(std::optional<uint64_t> size_hint, uint64_t min_part_size);

class Writer : public ObjectWriter {
 public:
  Writer(std::shared_ptr<Client> client, std::string key, PartPlan plan);
  ~Writer() override;

  Status write(std::span<const std::byte> data) override;
  Status commit() override;
  void abort() noexcept override;

 private:
  Status flush_part();
  Status complete();
  Status failed(Error error);  // aborts, then returns the error

  std::shared_ptr<Client> client_;
  std::string key_;
  PartPlan plan_;
  std::string buffer_;  // the part being filled
  std::string upload_id_;
  std::vector<std::string> etags_;
  uint64_t total_bytes_ = 0;
  bool finished_ = false;  // committed or aborted
};

}  // namespace mb::storage::s3
