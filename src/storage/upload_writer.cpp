#include "storage/upload_writer.h"

namespace mb::storage {

Status UploadWriter::check_open(std::string_view call) const {
  if (!finished_) return {};
  return fail(Error(ErrorCode::kInternal, std::string(call) + " after commit or abort").with("key", key_));
}

Status UploadWriter::failed(Error error) {
  abort();
  return fail(std::move(error));
}

}  // namespace mb::storage
