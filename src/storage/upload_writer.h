// What the writers of the REST backends (S3, Azure, GCS) share: the key they write, the one-way
// "finished" state (committed or aborted) after which the writer takes nothing more, and failing
// by aborting first, so that a failed upload leaves nothing behind.
#pragma once

#include <string>
#include <string_view>

#include "storage/object_store.h"

namespace mb::storage {

// The server lost what was uploaded so far (a restart, an expired session) and this writer no
// longer holds those bytes: only a new upload of the whole object helps. Marked unavailable and
// with the call's HTTP status moved to `status_key`, so that a caller's whole-object retry (the
// copy engine's) starts that upload rather than a request-level retry.
Error upload_lost(Error error, std::string_view why, std::string_view status_key);

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
