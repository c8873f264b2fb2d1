// Where copy_bench reads or writes: a local directory, or s3://bucket/prefix on the S3 endpoint
// that the MB_S3_* environment variables name (the ones scripts/testenv writes to .testenv/env.sh).
#pragma once

#include <string>
#include <string_view>

#include "config/config.h"
#include "util/error.h"

namespace mb::bench {

struct Location {
  config::StorageConfig storage;  // what make_store() builds the store from
  std::string key_prefix;         // keys of this location start with key_prefix + "/" (none when empty)
};

// "/data/src" or "relative/dir" (local), "s3://bucket" or "s3://bucket/some/prefix" (S3: endpoint
// from MB_S3_ENDPOINT, credentials from MB_S3_ACCESS_KEY / MB_S3_SECRET_KEY, MB_S3_REGION optional).
Result<Location> parse_location(std::string_view text);

}  // namespace mb::bench
