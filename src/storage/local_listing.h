// Lists a directory tree the way S3 lists a bucket (see local_store.h), one page at a time.
#pragma once

#include <filesystem>
#include <string_view>

#include "storage/object_store.h"

namespace mb::storage {

// Keys are paths relative to `base` with '/' separators. Files whose name starts with
// `hidden_prefix` (writers' temp files) are not objects. A directory that holds no object
// is not a common prefix, as S3 has no empty directories.
Result<ListPage> list_directory_tree(const std::filesystem::path& base, std::string_view prefix, bool recursive,
                                     std::string_view token, size_t page_size, std::string_view hidden_prefix);

}  // namespace mb::storage
