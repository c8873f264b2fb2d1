#include "copy/object_checksum.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <span>

#include "util/crc32c.h"

namespace mb::copy {

Result<uint32_t> read_crc32c(storage::ObjectStore& store, std::string_view key, uint64_t size, size_t buffer_size,
                             MemoryBudget& budget, const CancellationToken* cancel,
                             std::atomic<uint64_t>* bytes_read) {
  const auto buffer_bytes = static_cast<size_t>(std::clamp<uint64_t>(size, 1, buffer_size));
  const auto reservation =
      budget.reserve_unless(buffer_bytes, [cancel] { return cancel != nullptr && cancel->cancelled(); });
  if (!reservation) return fail(ErrorCode::kCancelled, "cancelled");
  // Not zero-filled: every byte is read into before it is used, and verify reads gigabytes.
  const auto storage = std::make_unique_for_overwrite<std::byte[]>(buffer_bytes);
  const std::span<std::byte> buffer(storage.get(), buffer_bytes);
  uint32_t crc = 0;
  uint64_t offset = 0;
  while (offset < size) {
    if (cancel != nullptr && cancel->cancelled()) return fail(ErrorCode::kCancelled, "cancelled");
    const auto want = static_cast<size_t>(std::min<uint64_t>(buffer.size(), size - offset));
    auto got = store.read_range(key, offset, buffer.first(want));
    if (!got) return fail(wrap(std::move(got).error(), "read for checksum").with("key", std::string(key)));
    if (*got == 0) {
      return fail(Error(ErrorCode::kCorrupt, fmt::format("the file ends at {} bytes, {} were expected", offset, size))
                      .with("key", std::string(key)));
    }
    crc = crc32c(std::span<const std::byte>(buffer.first(*got)), crc);
    offset += *got;
    if (bytes_read != nullptr) *bytes_read += *got;
  }
  return crc;
}

}  // namespace mb::copy
