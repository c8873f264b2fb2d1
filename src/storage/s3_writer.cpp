#include "storage/s3_writer.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace mb::storage::s3 {
namespace {

constexpr uint64_t kMiB = uint64_t{1} << 20;
constexpr uint64_t kMaxPartSize = uint64_t{5} << 30;
constexpr uint64_t kMaxParts = 10'000;
constexpr int kPartsPerSizeStep = 1000;

}  // namespace

uint64_t PartPlan::part_size(int part_number) const {
  if (size_hint) return first_part_size;
  // Doubling every 1000 parts: 1000 x 8 MiB, 1000 x 16 MiB, ... reaches 5 TiB within 10,000 parts.
  const int doublings = std::min((part_number - 1) / kPartsPerSizeStep, 20);
  return std::min(first_part_size << doublings, kMaxPartSize);
}

PartPlan plan_parts(std::optional<uint64_t> size_hint, uint64_t min_part_size) {
  PartPlan plan;
  plan.size_hint = size_hint;
  plan.first_part_size = min_part_size;
  if (size_hint) {
    const uint64_t needed = (*size_hint + kMaxParts - 1) / kMaxParts;
    const uint64_t rounded = (needed + kMiB - 1) / kMiB * kMiB;
    plan.first_part_size = std::clamp(rounded, min_part_size, kMaxPartSize);
  }
  return plan;
}

Writer::Writer(std::shared_ptr<Client> client, std::string key, PartPlan plan)
    : client_(std::move(client)), key_(std::move(key)), plan_(plan) {}

Writer::~Writer() { abort(); }

Status Writer::failed(Error error) {
  abort();
  return fail(std::move(error));
}

Status Writer::write(std::span<const std::byte> data) {
  if (finished_) return fail(Error(ErrorCode::kInternal, "write after commit or abort").with("key", key_));
  while (!data.empty()) {
    const uint64_t part_size = plan_.part_size(static_cast<int>(etags_.size()) + 1);
    // With the size known, the part buffer is allocated once; otherwise it grows geometrically.
    if (buffer_.empty() && plan_.size_hint && *plan_.size_hint > total_bytes_) {
      buffer_.reserve(std::min(part_size, *plan_.size_hint - total_bytes_));
    }
    const size_t take = std::min<uint64_t>(data.size(), part_size - buffer_.size());
    buffer_.append(reinterpret_cast<const char*>(data.data()), take);
    total_bytes_ += take;
    data = data.subspan(take);
    // A full part is sent only once more bytes follow: an object of exactly one part stays a PUT.
    if (buffer_.size() == part_size && !data.empty()) MB_CHECK(flush_part());
  }
  return {};
}

Status Writer::flush_part() {
  if (upload_id_.empty()) {
    auto id = client_->create_multipart_upload(key_);
    if (!id) return failed(std::move(id).error());
    upload_id_ = std::move(*id);
  }
  auto etag = client_->upload_part(key_, upload_id_, static_cast<int>(etags_.size()) + 1, buffer_);
  if (!etag) return failed(std::move(etag).error());
  etags_.push_back(std::move(*etag));
  buffer_.clear();
  return {};
}

Status Writer::commit() {
  if (finished_) return fail(Error(ErrorCode::kInternal, "commit after commit or abort").with("key", key_));
  if (upload_id_.empty()) {
    auto put = client_->put_object(key_, buffer_);
    if (!put) return failed(std::move(put).error());
  } else {
    if (!buffer_.empty()) MB_CHECK(flush_part());
    MB_CHECK(complete());
  }
  finished_ = true;
  buffer_ = std::string();
  return {};
}

Status Writer::complete() {
  auto completed = client_->complete_multipart_upload(key_, upload_id_, etags_);
  if (completed) return {};
  // A retried Complete finds no upload when the first attempt did complete it but its answer was
  // lost; the object is then in place with our size.
  if (completed.error().get("s3_code") == "NoSuchUpload" && !completed.error().get("attempts").empty()) {
    auto info = client_->head_object(key_);
    if (info && *info && (*info)->size == total_bytes_) return {};
  }
  return failed(std::move(completed).error());
}

void Writer::abort() noexcept {
  if (finished_) return;
  finished_ = true;
  buffer_ = std::string();
  if (upload_id_.empty()) return;
  // Best effort: an upload left behind is only storage cost, which a bucket lifecycle rule for
  // incomplete multipart uploads also clears.
  if (auto aborted = client_->abort_multipart_upload(key_, upload_id_); !aborted) {
    spdlog::warn("could not abort multipart upload upload_id={} {}", upload_id_, aborted.error().to_string());
  }
}

}  // namespace mb::storage::s3
