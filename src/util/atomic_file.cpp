#include "util/atomic_file.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace mb {

Status write_file_atomically(const std::filesystem::path& path, std::string_view text) {
  const auto io_error = [](std::string what, int error_number) {
    return fail(ErrorCode::kIo, fmt::format("{}: {}", what, std::strerror(error_number)));
  };
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::string temp = (dir / fmt::format(".{}.XXXXXX", path.filename().string())).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return io_error(fmt::format("cannot create a temporary file in {}", dir.string()), errno);
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  const bool written = done == text.size() && ::fsync(fd) == 0;
  const int write_errno = errno;
  if (::close(fd) != 0 || !written || std::rename(temp.c_str(), path.c_str()) != 0) {
    const int failure = written ? errno : write_errno;
    ::unlink(temp.c_str());
    return io_error(fmt::format("cannot write {}", path.string()), failure);
  }
  return {};
}

}  // namespace mb
