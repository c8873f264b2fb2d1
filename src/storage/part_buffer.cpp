#include "storage/part_buffer.h"

#include <algorithm>

namespace mb::storage {
namespace {

constexpr uint64_t kMiB = uint64_t{1} << 20;

}  // namespace

uint64_t PartPlan::part_size(int part_number) const {
  if (size_hint) return first_part_size;
  const int doublings = std::min((part_number - 1) / limits.parts_per_size_step, 20);
  return std::min(first_part_size << doublings, limits.max_part_size);
}

PartPlan plan_parts(std::optional<uint64_t> size_hint, uint64_t min_part_size, const PartLimits& limits) {
  PartPlan plan{.limits = limits, .first_part_size = min_part_size, .size_hint = size_hint};
  if (size_hint) {
    const uint64_t needed = (*size_hint + limits.max_parts - 1) / limits.max_parts;
    const uint64_t rounded = (needed + kMiB - 1) / kMiB * kMiB;
    plan.first_part_size = std::clamp(rounded, min_part_size, limits.max_part_size);
  }
  return plan;
}

uint64_t part_buffer_bytes(uint64_t object_size, uint64_t min_part_size, const PartLimits& limits) {
  return std::min(object_size, plan_parts(object_size, min_part_size, limits).first_part_size);
}

Status PartBuffer::append(std::span<const std::byte> data, const SendPart& send) {
  while (!data.empty()) {
    const uint64_t part_size = plan_.part_size(parts_sent_ + 1);
    // With the size known, the part buffer is allocated once; otherwise it grows geometrically.
    if (buffer_.empty() && plan_.size_hint && *plan_.size_hint > total_) {
      buffer_.reserve(std::min(part_size, *plan_.size_hint - total_));
    }
    const size_t take = std::min<uint64_t>(data.size(), part_size - buffer_.size());
    buffer_.append(reinterpret_cast<const char*>(data.data()), take);
    total_ += take;
    data = data.subspan(take);
    if (buffer_.size() == part_size && !data.empty()) MB_CHECK(send_buffer(send));
  }
  return {};
}

Status PartBuffer::flush(const SendPart& send) {
  if (buffer_.empty()) return {};
  return send_buffer(send);
}

Status PartBuffer::send_buffer(const SendPart& send) {
  MB_CHECK(send(buffer_));
  ++parts_sent_;
  buffer_.clear();
  return {};
}

}  // namespace mb::storage
