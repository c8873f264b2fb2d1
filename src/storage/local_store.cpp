#include "storage/local_store.h"

#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "storage/local_listing.h"
#include "util/random_id.h"

namespace mb::storage {
namespace fs = std::filesystem;
namespace {

std::string errno_text(int err) { return std::strerror(err); }

// Owns a file descriptor.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  // close() reports write-back errors that a destructor would drop.
  int close() { return ::close(std::exchange(fd_, -1)); }
  void reset() {
    if (fd_ >= 0) ::close(std::exchange(fd_, -1));
  }

 private:
  int fd_;
};

fs::path temp_path_beside(const fs::path& final_path) {
  return final_path.parent_path() / (std::string(LocalStore::kTempPrefix) + random_uuid());
}

// Creates the parent directories of `path`; a parent that is a file means a key is in the way.
std::error_code make_parents(const fs::path& path) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  return ec;
}

// Opens a new temp file next to `final_path`. Retried because a concurrent delete may prune the
// directory between creating it and creating the file.
Result<std::pair<Fd, fs::path>> open_temp_beside(const fs::path& final_path) {
  for (int attempt = 0;; ++attempt) {
    if (std::error_code ec = make_parents(final_path)) {
      const bool blocked = ec == std::errc::not_a_directory || ec == std::errc::file_exists;
      return fail(Error(blocked ? ErrorCode::kAlreadyExists : ErrorCode::kIo,
                        blocked ? "a parent of the key is an object" : "cannot create directory: " + ec.message())
                      .with("path", final_path.parent_path().string()));
    }
    fs::path temp = temp_path_beside(final_path);
    Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (fd) return std::pair{std::move(fd), std::move(temp)};
    if (errno != ENOENT || attempt == 2) {
      return fail(Error(ErrorCode::kIo, "cannot create temp file: " + errno_text(errno)).with("path", temp.string()));
    }
  }
}

// Moves a finished temp file to its key. Its data is not flushed here: one fsync per object made
// small-object copies several times slower than cp. Durability comes from make_durable(), the
// barrier callers place before anything that must not outlive missing data (a backup's meta). A
// rename lost in a crash loses the object as a whole.
Status publish(Fd& fd, const fs::path& temp, const fs::path& final_path) {
  if (fd.close() != 0) {
    return fail(Error(ErrorCode::kIo, "cannot close file: " + errno_text(errno)).with("path", temp.string()));
  }
  struct stat st {};
  if (::stat(final_path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    return fail(Error(ErrorCode::kAlreadyExists, "the key is a prefix of other objects (a directory)")
                    .with("path", final_path.string()));
  }
  if (::rename(temp.c_str(), final_path.c_str()) != 0) {
    return fail(Error(ErrorCode::kIo, "cannot rename into place: " + errno_text(errno)).with("path", final_path.string()));
  }
  return {};
}

// Copies all of `in` to `out` in the kernel; returns 0 or the errno. Not fs::copy_file: a copy
// that stops part-way (the disk filled up) comes out of it as EIO, hiding the cause.
int copy_contents(int in, int out) {
  while (true) {
    const ssize_t n = ::sendfile(out, in, nullptr, size_t{1} << 30);
    if (n == 0) return 0;
    if (n < 0 && errno != EINTR) return errno;
  }
}

// Removes the directories that deleting `file` left empty, from its own up to but not including
// `floor`; rmdir fails (and so stops it) on the first one that still holds something.
void prune_empty_parents(const fs::path& file, const fs::path& floor) {
  const fs::path normal_floor = floor.lexically_normal();
  for (fs::path dir = file.parent_path(); ; dir = dir.parent_path()) {
    const auto rel = dir.lexically_normal().lexically_relative(normal_floor);
    if (rel.empty() || rel == "." || *rel.begin() == "..") return;
    if (::rmdir(dir.c_str()) != 0) return;
  }
}

// A temp file that will not become an object, and the directories made for it.
void discard_temp(const fs::path& temp, const fs::path& floor) {
  ::unlink(temp.c_str());
  prune_empty_parents(temp, floor);
}

class LocalWriter : public ObjectWriter {
 public:
  LocalWriter(Fd fd, fs::path temp, fs::path final_path, fs::path prune_floor, std::string key, std::string store)
      : fd_(std::move(fd)), temp_(std::move(temp)), final_(std::move(final_path)),
        prune_floor_(std::move(prune_floor)), key_(std::move(key)), store_(std::move(store)) {}
  ~LocalWriter() override { abort(); }

  Status write(std::span<const std::byte> data) override {
    if (!fd_) return fail(failure(ErrorCode::kInternal, "write after commit or abort"));
    while (!data.empty()) {
      const ssize_t n = ::write(fd_.get(), data.data(), data.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        const int err = errno;
        abort();
        return fail(failure(ErrorCode::kIo, "cannot write: " + errno_text(err)));
      }
      data = data.subspan(static_cast<size_t>(n));
    }
    return {};
  }

  Status commit() override {
    if (!fd_) return fail(failure(ErrorCode::kInternal, "commit after commit or abort"));
    if (auto published = publish(fd_, temp_, final_); !published) {
      abort();
      return fail(std::move(published.error()).with("key", key_).with("store", store_));
    }
    temp_.clear();
    return {};
  }

  void abort() noexcept override {
    fd_.reset();
    if (!temp_.empty()) {
      discard_temp(temp_, prune_floor_);
      temp_.clear();
    }
  }

 private:
  Error failure(ErrorCode code, std::string message) const {
    return Error(code, std::move(message)).with("key", key_).with("store", store_);
  }

  Fd fd_;
  fs::path temp_;  // empty once committed or aborted
  fs::path final_;
  fs::path prune_floor_;
  std::string key_;
  std::string store_;
};

}  // namespace

LocalStore::LocalStore(fs::path base_dir, fs::path prune_floor)
    : base_dir_(std::move(base_dir)), prune_floor_(prune_floor.empty() ? base_dir_ : std::move(prune_floor)) {}

std::string LocalStore::describe() const { return "local://" + base_dir_.string(); }

// Any two local stores reach each other's files, so a "server-side" copy (a file copy) works.
std::string LocalStore::identity() const { return "local"; }

Error LocalStore::error_for(ErrorCode code, std::string message, std::string_view key) const {
  return Error(code, std::move(message)).with("key", std::string(key)).with("store", describe());
}

Result<fs::path> LocalStore::path_of(std::string_view key) const {
  if (key.empty() || key.front() == '/' || key.back() == '/' || key.find('\0') != std::string_view::npos) {
    return fail(error_for(ErrorCode::kInvalidArgument, "key cannot be a local file name", key));
  }
  for (size_t start = 0; start <= key.size();) {
    const size_t end = std::min(key.find('/', start), key.size());
    const std::string_view segment = key.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") {
      return fail(error_for(ErrorCode::kInvalidArgument, "key has an empty, '.' or '..' segment", key));
    }
    start = end + 1;
  }
  return base_dir_ / fs::path(std::string(key));
}

Result<std::optional<ObjectInfo>> LocalStore::stat(std::string_view key) {
  MB_TRY(path, path_of(key));
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::optional<ObjectInfo>{};
    return fail(error_for(ErrorCode::kIo, "cannot stat: " + errno_text(errno), key));
  }
  if (!S_ISREG(st.st_mode)) return std::optional<ObjectInfo>{};
  return std::optional<ObjectInfo>(
      ObjectInfo{std::string(key), static_cast<uint64_t>(st.st_size), static_cast<int64_t>(st.st_mtime), ""});
}

Result<ListPage> LocalStore::list_page(std::string_view prefix, bool recursive, std::string_view token) {
  auto page = list_directory_tree(base_dir_, prefix, recursive, token, kPageSize, kTempPrefix);
  if (!page) return fail(std::move(page.error()).with("prefix", std::string(prefix)).with("store", describe()));
  return page;
}

Result<size_t> LocalStore::read_range(std::string_view key, uint64_t offset, std::span<std::byte> buffer) {
  MB_TRY(path, path_of(key));
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) return fail(error_for(ErrorCode::kNotFound, "object not found", key));
    return fail(error_for(ErrorCode::kIo, "cannot open: " + errno_text(err), key));
  }
  size_t total = 0;
  while (total < buffer.size()) {
    // At most 1 MiB a call: the kernel sees sequential reads and reads ahead asynchronously, where
    // one large pread waits for the disk in one piece.
    const size_t chunk = std::min<size_t>(buffer.size() - total, size_t{1} << 20);
    const ssize_t n = ::pread(fd.get(), buffer.data() + total, chunk, static_cast<off_t>(offset + total));
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      if (err == EISDIR) return fail(error_for(ErrorCode::kNotFound, "object not found (a directory)", key));
      return fail(error_for(ErrorCode::kIo, "cannot read: " + errno_text(err), key));
    }
    if (n == 0) break;
    total += static_cast<size_t>(n);
  }
  return total;
}

Result<std::unique_ptr<ObjectWriter>> LocalStore::open_writer(std::string_view key, std::optional<uint64_t>) {
  MB_TRY(path, path_of(key));
  auto temp = open_temp_beside(path);
  if (!temp) return fail(std::move(temp.error()).with("key", std::string(key)).with("store", describe()));
  return std::unique_ptr<ObjectWriter>(std::make_unique<LocalWriter>(
      std::move(temp->first), std::move(temp->second), std::move(path), prune_floor_, std::string(key), describe()));
}

Status LocalStore::copy_from(const ObjectStore& source, std::string_view src_key, std::string_view dst_key,
                             uint64_t) {
  const auto* local_source = dynamic_cast<const LocalStore*>(&source);
  if (local_source == nullptr) {
    return fail(error_for(ErrorCode::kInvalidArgument, "server-side copy needs a local source, not " + source.describe(),
                          dst_key));
  }
  MB_TRY(src_path, local_source->path_of(src_key));
  MB_TRY(dst_path, path_of(dst_key));
  Fd in(::open(src_path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!in) {
    const int err = errno;
    const bool missing = err == ENOENT || err == ENOTDIR;
    return fail(Error(missing ? ErrorCode::kNotFound : ErrorCode::kIo,
                      missing ? "source object not found" : "cannot open: " + errno_text(err))
                    .with("key", std::string(src_key))
                    .with("store", local_source->describe()));
  }
  auto temp = open_temp_beside(dst_path);
  if (!temp) return fail(std::move(temp.error()).with("key", std::string(dst_key)).with("store", describe()));
  auto& [fd, temp_path] = *temp;
  if (const int err = copy_contents(in.get(), fd.get()); err != 0) {
    discard_temp(temp_path, prune_floor_);
    return fail(Error(ErrorCode::kIo, "cannot copy: " + errno_text(err))
                    .with("key", std::string(dst_key))
                    .with("store", describe()));
  }
  if (auto published = publish(fd, temp_path, dst_path); !published) {
    discard_temp(temp_path, prune_floor_);
    return fail(std::move(published.error()).with("key", std::string(dst_key)).with("store", describe()));
  }
  return {};
}

Status LocalStore::make_durable() {
  Fd dir(::open(base_dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir) return fail(error_for(ErrorCode::kIo, "cannot open the store's directory: " + errno_text(errno), ""));
  // syncfs reports write-back errors (such as a full disk found late) since Linux 5.8.
  if (::syncfs(dir.get()) != 0) {
    return fail(error_for(ErrorCode::kIo, "cannot flush the file system: " + errno_text(errno), ""));
  }
  return {};
}

Status LocalStore::remove(std::string_view key) {
  MB_TRY(path, path_of(key));
  if (::unlink(path.c_str()) != 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR || err == EISDIR) return {};  // no object by that key
    return fail(error_for(ErrorCode::kIo, "cannot delete: " + errno_text(err), key));
  }
  prune_empty_parents(path, prune_floor_);
  return {};
}

bool LocalStore::is_partial_write(std::string_view key_or_path) {
  const size_t slash = key_or_path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? key_or_path : key_or_path.substr(slash + 1);
  return name.starts_with(kTempPrefix) && name.size() > kTempPrefix.size();
}

Result<std::vector<std::string>> LocalStore::list_partial_writes(std::string_view prefix) {
  // The deepest directory the prefix names in full, then every file below it; symlinked
  // directories are not followed, as in listings.
  const size_t slash = prefix.rfind('/');
  const std::string start = slash == std::string_view::npos ? std::string() : std::string(prefix.substr(0, slash + 1));
  std::vector<std::string> keys;
  std::error_code ec;
  if (!fs::is_directory(base_dir_ / start, ec)) return keys;
  for (fs::recursive_directory_iterator it(base_dir_ / start, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (!it->is_regular_file(type_ec) || !is_partial_write(it->path().filename().string())) continue;
    std::string key = start + it->path().lexically_relative(base_dir_ / start).string();
    if (key.starts_with(prefix)) keys.push_back(std::move(key));
  }
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return fail(error_for(ErrorCode::kIo, "cannot list directory: " + ec.message(), prefix));
  }
  return keys;
}


}  // namespace mb::storage
