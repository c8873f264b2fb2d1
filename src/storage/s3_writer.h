// ObjectWriter for S3: an object that fits in one part goes up as a single PutObject on commit;
// a larger one as a multipart upload, one part at a time as the bytes arrive. Any failure, and
// destruction without commit, aborts the multipart upload so no orphaned parts are left behind.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "storage/part_upload_writer.h"
#include "storage/s3_client.h"

namespace mb::storage::s3 {

// S3 wants parts of at least 5 MiB (but the last), at most 5 GiB and 10,000 parts; with an unknown
// size, doubling every 1000 parts (8 MiB, 16 MiB, ...) reaches S3's 5 TiB limit within them.
inline constexpr PartLimits kPartLimits{.max_part_size = uint64_t{5} << 30, .max_parts = 10'000,
                                        .parts_per_size_step = 1'000};

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
  std::string upload_id_;
  std::vector<std::string> etags_;
};

}  // namespace mb::storage::s3
