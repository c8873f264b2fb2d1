#include "storage/gcs_writer.h"

#include <spdlog/spdlog.h>

#include "util/crc32c.h"

namespace mb::storage::gcs {
namespace {

constexpr int kMaxStalledChunks = 3;

// GCS forgets a session that expired, and an emulator one it lost in a restart: 404 or 410.
Error session_lost(Error error) {
  const std::string status(error.get(retry::kHttpStatusKey));
  if (status != "404" && status != "410") return error;
  return upload_lost(std::move(error), "the resumable upload session is gone", "session_http_status");
}

}  // namespace

Writer::Writer(std::shared_ptr<Client> client, std::string key, uint64_t chunk_size, uint64_t buffer_bytes)
    : UploadWriter(std::move(key)), client_(std::move(client)), chunk_size_(chunk_size) {
  buffer_.reserve(buffer_bytes);
}

Writer::~Writer() { abort(); }

Status Writer::write(std::span<const std::byte> data) {
  MB_CHECK(check_open("write"));
  crc_ = crc32c(data, crc_);
  total_ += data.size();
  while (!data.empty()) {
    // Fill up to one byte past a chunk (the loop below leaves at most a chunk behind).
    const size_t take = std::min<uint64_t>(data.size(), chunk_size_ + 1 - buffer_.size());
    buffer_.append(reinterpret_cast<const char*>(data.data()), take);
    data = data.subspan(take);
    // A chunk is sent only once more bytes follow it: an object of exactly one chunk stays a media upload.
    while (buffer_.size() > chunk_size_) {
      if (session_.empty()) {
        auto session = client_->start_resumable(key_);
        if (!session) return failed(std::move(session).error());
        session_ = std::move(*session);
      }
      MB_CHECK(send(chunk_size_, std::nullopt));
    }
  }
  return {};
}

Status Writer::send(size_t n, std::optional<uint64_t> total) {
  const retry::Policy& policy = client_->retry_policy();
  const uint64_t before = offset_;
  for (int stalled = 0;; ++stalled) {
    auto state = client_->put_chunk(session_, key_, offset_, std::string_view(buffer_).substr(0, n), total);
    for (int attempt = 1; !state; ++attempt) {
      if (attempt >= policy.max_attempts || !retry::should_retry(state.error(), retry::Replay::kIdempotent)) {
        return failed(session_lost(std::move(state).error()));
      }
      retry::sleep_for(retry::backoff_delay(policy, attempt, retry::next_unit_random()));
      // The failed chunk may have reached GCS in part: ask what it kept and go on from there.
      state = client_->query_session(session_, key_, total);
    }
    MB_CHECK(apply(*state));
    if (object_ || offset_ > before) return {};
    if (stalled + 1 >= kMaxStalledChunks) {
      return failed(Error(ErrorCode::kStorage, "resumable upload makes no progress")
                        .with("key", key_)
                        .with("offset", std::to_string(offset_))
                        .with("store", client_->describe()));
    }
    n = std::min(n, buffer_.size());
  }
}

Status Writer::apply(const SessionState& state) {
  if (state.object) {
    object_ = state.object;
    return {};
  }
  if (state.persisted < offset_ || state.persisted > offset_ + buffer_.size()) {
    return failed(Error(ErrorCode::kCorrupt, "resumable upload reports " + std::to_string(state.persisted) +
                                                 " bytes kept, outside the " + std::to_string(offset_) + ".." +
                                                 std::to_string(offset_ + buffer_.size()) + " sent")
                      .with("key", key_)
                      .with("store", client_->describe()));
  }
  buffer_.erase(0, state.persisted - offset_);
  offset_ = state.persisted;
  return {};
}

Status Writer::commit() {
  MB_CHECK(check_open("commit"));
  if (session_.empty()) {
    auto object = client_->upload_media(key_, buffer_);
    if (!object) return failed(std::move(object).error());
    object_ = std::move(*object);
  }
  while (!object_) MB_CHECK(send(buffer_.size(), total_));
  finished_ = true;
  buffer_ = std::string();
  return verify(*object_);
}

Status Writer::verify(const ObjectInfo& object) {
  const std::string expected = crc32c_base64(crc_);
  const bool crc_differs = !object.etag.empty() && object.etag != expected;
  if (object.size == total_ && !crc_differs) return {};
  // What GCS holds is not what we wrote: never leave it looking like a good copy.
  if (auto removed = client_->delete_object(key_); !removed) {
    spdlog::warn("could not delete a corrupt upload {}", removed.error().to_string());
  }
  return fail(Error(ErrorCode::kCorrupt, "GCS stored " + std::to_string(object.size) + " bytes with crc32c " +
                                             object.etag + ", but " + std::to_string(total_) + " bytes with crc32c " +
                                             expected + " were written")
                  .with("key", key_)
                  .with("store", client_->describe()));
}

void Writer::abort() noexcept {
  if (finished_) return;
  finished_ = true;
  buffer_ = std::string();
  if (session_.empty() || object_) return;
  // Best effort: a session left behind holds no visible object and GCS expires it after a week.
  if (auto cancelled = client_->cancel_session(session_, key_); !cancelled) {
    spdlog::warn("could not cancel resumable upload {}", cancelled.error().to_string());
  }
}

}  // namespace mb::storage::gcs
