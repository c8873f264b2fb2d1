// Replacing a file so that a reader (or a crash) sees the old content or the new, never a part.
#pragma once

#include <filesystem>
#include <string_view>

#include "util/error.h"

namespace mb {

// Writes `text` to a temporary file beside `path` (mode 0600: such files may hold secrets), syncs
// it, and renames it over `path`. On failure the temporary file is removed and `path` is untouched.
Status write_file_atomically(const std::filesystem::path& path, std::string_view text);

}  // namespace mb
