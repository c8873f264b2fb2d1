// What the writers of the REST backends (S3, Azure, GCS) share: the key they write, the one-way
// "finished" state (committed or aborted) after which the writer takes nothing more, and failing
// by aborting first, so that a failed upload leaves nothing behind.
#pragma once

#include <string>
#include <string_view>

#include "storage/object_store.h"

namespace mb::storage {

class UploadWriter : public ObjectWriter {
 protected:
  explicit UploadWriter(std::string key) : key_(std::move(key)) {}

  // kInternal when `call` ("write", "commit") comes after commit or abort: a bug of the caller.
  Status check_open(std::string_view call) const;
  Status failed(Error error);  // aborts, then returns the error

  const std::string key_;
  bool finished_ = false;  // committed or aborted
};

}  // namespace mb::storage
