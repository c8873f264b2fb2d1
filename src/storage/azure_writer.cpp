#include "storage/azure_writer.h"

#include <algorithm>

namespace mb::storage::azure {
namespace {

constexpr uint64_t kMiB = uint64_t{1} << 20;
constexpr uint64_t kMaxBlockSize = uint64_t{4000} * kMiB;
constexpr uint64_t kMaxBlocks = 50'000;
constexpr int kBlocksPerSizeStep = 5'000;

}  // namespace

uint64_t BlockPlan::block_size(int block_number) const {
  if (size_known) return first_block_size;
  // Doubling every 5000 blocks (8 MiB, 16 MiB, ... up to 4000 MiB): 50,000 blocks hold about 38 TiB.
  const int doublings = std::min((block_number - 1) / kBlocksPerSizeStep, 20);
  return std::min(first_block_size << doublings, kMaxBlockSize);
}

BlockPlan plan_blocks(std::optional<uint64_t> size_hint, uint64_t min_block_size) {
  BlockPlan plan;
  plan.size_known = size_hint.has_value();
  plan.first_block_size = min_block_size;
  if (size_hint) {
    const uint64_t needed = (*size_hint + kMaxBlocks - 1) / kMaxBlocks;
    const uint64_t rounded = (needed + kMiB - 1) / kMiB * kMiB;
    plan.first_block_size = std::clamp(rounded, min_block_size, kMaxBlockSize);
  }
  return plan;
}

Writer::Writer(std::shared_ptr<Client> client, std::string key, BlockPlan plan)
    : client_(std::move(client)), key_(std::move(key)), plan_(plan) {}

Writer::~Writer() { abort(); }

Status Writer::failed(Error error) {
  abort();
  return fail(std::move(error));
}

Status Writer::write(std::span<const std::byte> data) {
  if (finished_) return fail(Error(ErrorCode::kInternal, "write after commit or abort").with("key", key_));
  while (!data.empty()) {
    const uint64_t block_size = plan_.block_size(static_cast<int>(block_ids_.size()) + 1);
    if (buffer_.capacity() < block_size) buffer_.reserve(std::min<uint64_t>(block_size, buffer_.size() + data.size()));
    const size_t take = std::min<uint64_t>(data.size(), block_size - buffer_.size());
    buffer_.append(reinterpret_cast<const char*>(data.data()), take);
    data = data.subspan(take);
    // A full block is sent only once more bytes follow: an object of exactly one block stays a Put Blob.
    if (buffer_.size() == block_size && !data.empty()) MB_CHECK(flush_block());
  }
  return {};
}

Status Writer::flush_block() {
  std::string id = block_id(upload_tag_, static_cast<int>(block_ids_.size()) + 1);
  if (auto put = client_->put_block(key_, id, buffer_); !put) return failed(std::move(put).error());
  block_ids_.push_back(std::move(id));
  buffer_.clear();
  return {};
}

Status Writer::commit() {
  if (finished_) return fail(Error(ErrorCode::kInternal, "commit after commit or abort").with("key", key_));
  if (block_ids_.empty()) {
    if (auto put = client_->put_blob(key_, buffer_); !put) return failed(std::move(put).error());
  } else {
    if (!buffer_.empty()) MB_CHECK(flush_block());
    if (auto committed = client_->put_block_list(key_, block_ids_); !committed) {
      return failed(std::move(committed).error());
    }
  }
  finished_ = true;
  buffer_ = std::string();
  return {};
}

void Writer::abort() noexcept {
  finished_ = true;
  buffer_ = std::string();
}

}  // namespace mb::storage::azure
