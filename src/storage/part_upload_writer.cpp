#include "storage/part_upload_writer.h"

namespace mb::storage {

PartBuffer::SendPart PartUploadWriter::sender() {
  return [this](std::string_view part) { return put_part(parts_.parts_sent() + 1, part); };
}

Status PartUploadWriter::write(std::span<const std::byte> data) {
  MB_CHECK(check_open("write"));
  bytes_written_ += data.size();
  return parts_.append(data, sender());
}

Status PartUploadWriter::commit() {
  MB_CHECK(check_open("commit"));
  if (parts_.parts_sent() == 0) {
    MB_CHECK(put_whole(parts_.pending()));
  } else {
    MB_CHECK(parts_.flush(sender()));
    MB_CHECK(complete_parts());
  }
  finished_ = true;
  parts_.release();
  return {};
}

}  // namespace mb::storage
