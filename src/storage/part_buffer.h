// How a streamed upload cuts an object into parts (S3 multipart parts, Azure blocks): part sizes
// within the service's limits, and the buffer of the part being filled. A full part is handed on
// only once more bytes follow it, so an object of exactly one part can still go up as one PUT.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "util/error.h"

namespace mb::storage {

struct PartLimits {
  uint64_t max_part_size = 0;
  uint64_t max_parts = 0;
  int parts_per_size_step = 0;  // with an unknown size, parts double in size after this many
};

struct PartPlan {
  PartLimits limits;
  uint64_t first_part_size = 0;
  std::optional<uint64_t> size_hint;
  // With the size known, every part (but the last) is first_part_size; otherwise parts grow so
  // that max_parts of them still reach far (S3: 5 TiB in 10,000 parts).
  uint64_t part_size(int part_number) const;
};

// Parts of at least `min_part_size`, larger when the known size would not fit in max_parts.
PartPlan plan_parts(std::optional<uint64_t> size_hint, uint64_t min_part_size, const PartLimits& limits);

// The most a PartBuffer holds for an object of `object_size` bytes planned that way: one part, or
// the whole object when it is smaller.
uint64_t part_buffer_bytes(uint64_t object_size, uint64_t min_part_size, const PartLimits& limits);

class PartBuffer {
 public:
  using SendPart = std::function<Status(std::string_view part)>;

  explicit PartBuffer(PartPlan plan) : plan_(plan) {}

  // Takes `data` in; every part that is full and followed by more bytes goes to `send`.
  Status append(std::span<const std::byte> data, const SendPart& send);
  // Sends what is buffered as the last part, if anything is.
  Status flush(const SendPart& send);

  std::string_view pending() const { return buffer_; }
  int parts_sent() const { return parts_sent_; }
  void release() { buffer_ = std::string(); }

 private:
  Status send_buffer(const SendPart& send);

  PartPlan plan_;
  std::string buffer_;  // the part being filled
  int parts_sent_ = 0;
  uint64_t total_ = 0;  // bytes taken in
};

}  // namespace mb::storage
