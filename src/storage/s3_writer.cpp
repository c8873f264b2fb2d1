#include "storage/s3_writer.h"

#include <spdlog/spdlog.h>

namespace mb::storage::s3 {

Writer::Writer(std::shared_ptr<Client> client, std::string key, PartPlan plan)
    : PartUploadWriter(std::move(key), plan), client_(std::move(client)) {}

Writer::~Writer() { abort(); }

Status Writer::put_whole(std::string_view data) {
  if (auto put = client_->put_object(key_, data); !put) return failed(std::move(put).error());
  return {};
}

Status Writer::put_part(int part_number, std::string_view part) {
  if (upload_id_.empty()) {
    auto id = client_->create_multipart_upload(key_);
    if (!id) return failed(std::move(id).error());
    upload_id_ = std::move(*id);
  }
  auto etag = client_->upload_part(key_, upload_id_, part_number, part);
  if (!etag) return failed(std::move(etag).error());
  etags_.push_back(std::move(*etag));
  return {};
}

Status Writer::complete_parts() {
  auto completed = client_->complete_multipart_upload(key_, upload_id_, etags_);
  if (completed) return {};
  // A retried Complete finds no upload when the first attempt did complete it but its answer was
  // lost; the object is then in place with our size.
  if (completed.error().get("s3_code") == "NoSuchUpload" && !completed.error().get("attempts").empty()) {
    auto info = client_->head_object(key_);
    if (info && *info && (*info)->size == bytes_written()) return {};
  }
  return failed(std::move(completed).error());
}

void Writer::abort() noexcept {
  if (finished_) return;
  finished_ = true;
  release_buffer();
  if (upload_id_.empty()) return;
  // Best effort: an upload left behind is only storage cost, which a bucket lifecycle rule for
  // incomplete multipart uploads also clears.
  if (auto aborted = client_->abort_multipart_upload(key_, upload_id_); !aborted) {
    spdlog::warn("could not abort multipart upload upload_id={} {}", upload_id_, aborted.error().to_string());
  }
}

}  // namespace mb::storage::s3
