// A writer that sends an object in parts as its bytes arrive (S3 multipart parts, Azure blocks):
// an object of at most one part goes up in one request on commit; a larger one part by part, made
// visible by one completing request on commit. The backends say how each of those requests is made.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "storage/part_buffer.h"
#include "storage/upload_writer.h"

namespace mb::storage {

class PartUploadWriter : public UploadWriter {
 public:
  Status write(std::span<const std::byte> data) final;
  Status commit() final;

 protected:
  PartUploadWriter(std::string key, PartPlan plan) : UploadWriter(std::move(key)), parts_(plan) {}

  // Each step aborts the upload (failed()) before it returns an error.
  virtual Status put_whole(std::string_view data) = 0;
  virtual Status put_part(int part_number, std::string_view part) = 0;
  virtual Status complete_parts() = 0;

  uint64_t bytes_written() const { return bytes_written_; }
  void release_buffer() { parts_.release(); }

 private:
  PartBuffer::SendPart sender();

  PartBuffer parts_;
  uint64_t bytes_written_ = 0;
};

}  // namespace mb::storage
