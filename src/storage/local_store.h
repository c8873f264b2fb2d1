// ObjectStore over a directory tree: key "a/b/c" is the file <base>/a/b/c. Writes go to a temp file
// in the destination directory and are renamed into place on commit, so no partial file is ever
// visible under a key. Listings follow S3: keys in byte order (UTF-8), plain string prefixes, a '/'
// delimiter for non-recursive listings, and a page token that is the last key (or common prefix)
// of the previous page.
//
// A file system cannot hold both "a" and "a/b", and a key cannot have empty, "." or ".." segments:
// such keys are refused with kInvalidArgument (or kAlreadyExists when the other one exists).
#pragma once

#include <filesystem>

#include "storage/object_store.h"

namespace mb::storage {

class LocalStore : public ObjectStore {
 public:
  // Directories that deletes leave empty are removed, up to but not including `prune_floor`
  // (default: base_dir), so a store rooted at "/" never removes directories it did not make.
  explicit LocalStore(std::filesystem::path base_dir, std::filesystem::path prune_floor = {});

  std::string describe() const override;
  std::string identity() const override;
  Result<std::optional<ObjectInfo>> stat(std::string_view key) override;
  Result<ListPage> list_page(std::string_view prefix, bool recursive, std::string_view token) override;
  Result<size_t> read_range(std::string_view key, uint64_t offset, std::span<std::byte> buffer) override;
  Result<std::unique_ptr<ObjectWriter>> open_writer(std::string_view key, std::optional<uint64_t> size_hint) override;
  // Nothing: a local writer hands every write straight to its file.
  uint64_t writer_buffer_bytes(uint64_t) const override { return 0; }
  Status copy_from(const ObjectStore& source, std::string_view src_key, std::string_view dst_key,
                   uint64_t size) override;
  Status remove(std::string_view key) override;
  Status make_durable() override;
  Result<std::vector<std::string>> list_partial_writes(std::string_view prefix) override;

  const std::filesystem::path& base_dir() const { return base_dir_; }

  // Temp files of writers in progress start with this; listings never show them.
  static constexpr std::string_view kTempPrefix = ".mb-partial-";

  // Whether the last segment of a key or path names such a temp file (".mb-partial-<uuid>").
  static bool is_partial_write(std::string_view key_or_path);
  static constexpr size_t kPageSize = 1000;

 private:
  Result<std::filesystem::path> path_of(std::string_view key) const;
  Error error_for(ErrorCode code, std::string message, std::string_view key) const;

  std::filesystem::path base_dir_;
  std::filesystem::path prune_floor_;
};

}  // namespace mb::storage
