#include "storage/upload_writer.h"

#include <fmt/format.h>

#include "util/retry.h"

namespace mb::storage {

Status UploadWriter::check_open(std::string_view call) const {
  if (!finished_) return {};
  return fail(Error(ErrorCode::kInternal, std::string(call) + " after commit or abort").with("key", key_));
}

Status UploadWriter::failed(Error error) {
  abort();
  return fail(std::move(error));
}

Error upload_lost(Error error, std::string_view why, std::string_view status_key) {
  Error lost(ErrorCode::kUnavailable, fmt::format("{} ({}: the object has to be uploaded again)", error.message, why));
  for (auto& [key, value] : error.context) {
    lost.with(key == retry::kHttpStatusKey ? std::string(status_key) : std::move(key), std::move(value));
  }
  return lost;
}

}  // namespace mb::storage
