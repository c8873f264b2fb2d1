#include "storage/local_listing.h"

#include <sys/stat.h>

#include <algorithm>
#include <system_error>
#include <vector>

namespace mb::storage {
namespace fs = std::filesystem;
namespace {

// One directory entry, keyed as its objects' keys sort: a directory "d" sorts as "d/". Within a
// directory that ordering of entries is the byte order of all keys below them, so a depth-first
// walk in entry order yields keys in S3 order ("a-c" < "a/b" because '-' < '/').
struct Entry {
  std::string sort_name;
  bool is_dir = false;
};

class TreeLister {
 public:
  TreeLister(const fs::path& base, std::string_view prefix, bool recursive, std::string_view token, size_t page_size,
             std::string_view hidden_prefix)
      : base_(base), prefix_(prefix), recursive_(recursive), token_(token), page_size_(page_size),
        hidden_prefix_(hidden_prefix) {}

  Result<ListPage> run() {
    // Start at the deepest directory the prefix names in full.
    const size_t slash = prefix_.rfind('/');
    const std::string start = slash == std::string_view::npos ? std::string() : std::string(prefix_.substr(0, slash + 1));
    std::error_code ec;
    if (fs::is_directory(base_ / start, ec)) MB_CHECK(walk(start));
    if (page_full_and_more_) {
      page_.next_token = last_emitted_;
    }
    return std::move(page_);
  }

 private:
  // False once the page is full and one more entry was seen.
  bool want_more() const { return !page_full_and_more_; }

  // Whether the entry can hold keys after the token; false skips whole subtrees before it.
  bool after_token(const std::string& key, bool is_dir) const {
    if (token_.empty()) return true;
    // A directory the token lies in is walked again from the token, unless it is a common prefix
    // the previous page returned as a whole.
    const bool token_inside = is_dir && token_.starts_with(key);
    const bool is_common_prefix = !recursive_ && key.starts_with(prefix_);
    if (token_inside && !is_common_prefix) return true;
    return std::string_view(key) > token_;
  }

  // Records one object or common prefix; false when it did not fit (the page is complete).
  bool emit(std::string key, std::optional<ObjectInfo> object) {
    if (page_.objects.size() + page_.common_prefixes.size() == page_size_) {
      page_full_and_more_ = true;
      return false;
    }
    last_emitted_ = key;
    if (object) {
      page_.objects.push_back(std::move(*object));
    } else {
      page_.common_prefixes.push_back(std::move(key));
    }
    return true;
  }

  Result<std::vector<Entry>> read_sorted(const std::string& dir_key) {
    std::vector<Entry> entries;
    std::error_code ec;
    for (fs::directory_iterator it(base_ / dir_key, ec), end; !ec && it != end; it.increment(ec)) {
      std::string name = it->path().filename().string();
      std::error_code type_ec;
      // Symlinked directories are not followed: a link loop must not hang a listing.
      const bool is_dir = it->is_directory(type_ec) && !it->is_symlink(type_ec);
      if (!is_dir && name.starts_with(hidden_prefix_)) continue;
      entries.push_back({is_dir ? name + "/" : std::move(name), is_dir});
    }
    // A directory removed while the walk is under way holds nothing now, as one missing at the
    // start does (a restore's temp files come and go during a listing of the Milvus root).
    if (ec == std::errc::no_such_file_or_directory) return std::vector<Entry>{};
    if (ec) {
      return fail(Error(ErrorCode::kIo, "cannot list directory: " + ec.message())
                      .with("path", (base_ / dir_key).string()));
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.sort_name < b.sort_name; });
    return entries;
  }

  bool holds_an_object(const std::string& dir_key) const {
    std::error_code ec;
    for (fs::recursive_directory_iterator it(base_ / dir_key, ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code type_ec;
      if (it->is_regular_file(type_ec) && !it->path().filename().string().starts_with(hidden_prefix_)) return true;
    }
    return false;
  }

  Status walk(const std::string& dir_key) {
    MB_TRY(entries, read_sorted(dir_key));
    for (const Entry& entry : entries) {
      if (!want_more()) return {};
      const std::string key = dir_key + entry.sort_name;
      if (!after_token(key, entry.is_dir)) continue;
      if (!entry.is_dir) {
        if (!key.starts_with(prefix_)) continue;
        struct stat st {};
        if (::stat((base_ / key).c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;  // gone or special
        emit(key, ObjectInfo{key, static_cast<uint64_t>(st.st_size), static_cast<int64_t>(st.st_mtime), ""});
      } else if (key.starts_with(prefix_)) {
        if (recursive_) {
          MB_CHECK(walk(key));
        } else if (holds_an_object(key)) {
          emit(key, std::nullopt);
        }
      } else if (prefix_.starts_with(key)) {
        MB_CHECK(walk(key));  // an ancestor of the prefix: only part of it matches
      }
    }
    return {};
  }

  const fs::path& base_;
  std::string_view prefix_;
  bool recursive_;
  std::string_view token_;
  size_t page_size_;
  std::string_view hidden_prefix_;
  ListPage page_;
  std::string last_emitted_;
  bool page_full_and_more_ = false;
};

}  // namespace

Result<ListPage> list_directory_tree(const fs::path& base, std::string_view prefix, bool recursive,
                                     std::string_view token, size_t page_size, std::string_view hidden_prefix) {
  return TreeLister(base, prefix, recursive, token, page_size, hidden_prefix).run();
}

}  // namespace mb::storage
