#include "storage/object_store.h"

#include <algorithm>
#include <mutex>
#include <optional>
#include <utility>

#include "util/parallel_tasks.h"

namespace mb::storage {
namespace {

constexpr size_t kGetChunk = size_t{1} << 20;
constexpr size_t kRemoveBatch = 1000;
constexpr int kConcurrentRemoves = 16;

}  // namespace

Status ObjectStore::remove_many(std::span<const std::string> keys) {
  // One request per key: send several at once, or deleting a large backup from a store without a
  // batch delete (Azure, GCS) takes one round trip per file.
  std::mutex mutex;
  std::optional<std::pair<size_t, Error>> first_failure;  // by key order, whatever finishes first
  size_t failures = 0;
  MB_CHECK(run_bounded(keys.size(), kConcurrentRemoves, [&](size_t i) -> Status {
    if (auto removed = remove(keys[i]); !removed) {
      std::lock_guard lock(mutex);
      ++failures;
      if (!first_failure || i < first_failure->first) first_failure.emplace(i, std::move(removed).error());
    }
    return {};  // a key that cannot be deleted does not stop the others
  }));
  if (!first_failure) return {};
  return fail(wrap(std::move(first_failure->second), std::to_string(failures) + " of " + std::to_string(keys.size()) +
                                                         " objects could not be deleted; first"));
}

Status ObjectStore::ensure_bucket() { return {}; }

Status ObjectStore::make_durable() { return {}; }

Status ObjectStore::list(std::string_view prefix, bool recursive,
                         const std::function<Status(const ObjectInfo&)>& visit) {
  std::string token;
  do {
    MB_TRY(page, list_page(prefix, recursive, token));
    // Objects and common prefixes are each sorted; merge them so the visitor sees key order.
    auto object = page.objects.begin();
    auto common = page.common_prefixes.begin();
    while (object != page.objects.end() || common != page.common_prefixes.end()) {
      if (common == page.common_prefixes.end() || (object != page.objects.end() && object->key < *common)) {
        MB_CHECK(visit(*object++));
      } else {
        ObjectInfo prefix_entry;
        prefix_entry.key = *common++;
        MB_CHECK(visit(prefix_entry));
      }
    }
    token = std::move(page.next_token);
  } while (!token.empty());
  return {};
}

Result<std::vector<ObjectInfo>> ObjectStore::list_all(std::string_view prefix, bool recursive) {
  std::vector<ObjectInfo> all;
  MB_CHECK(list(prefix, recursive, [&](const ObjectInfo& info) -> Status {
    all.push_back(info);
    return {};
  }));
  return all;
}

Result<std::string> ObjectStore::get(std::string_view key) {
  // No stat first: one request for the common small object, more only when it is larger.
  std::string data;
  while (true) {
    const size_t start = data.size();
    data.resize(start + kGetChunk);
    MB_TRY(got, read_range(key, start, std::as_writable_bytes(std::span(data).subspan(start))));
    data.resize(start + got);
    if (got < kGetChunk) return data;
  }
}

Status ObjectStore::put(std::string_view key, std::string_view data) {
  MB_TRY(writer, open_writer(key, data.size()));
  MB_CHECK(writer->write(std::as_bytes(std::span(data.data(), data.size()))));
  return writer->commit();
}

Status ObjectStore::remove_prefix(std::string_view prefix) {
  if (prefix.empty()) {
    return fail(Error(ErrorCode::kInvalidArgument, "refusing to delete every object of the store (empty prefix)")
                    .with("store", describe()));
  }
  // Delete page by page: a listing token stays valid after the keys before it are gone.
  std::string token;
  do {
    MB_TRY(page, list_page(prefix, true, token));
    std::vector<std::string> keys;
    keys.reserve(page.objects.size());
    for (auto& object : page.objects) keys.push_back(std::move(object.key));
    for (size_t i = 0; i < keys.size(); i += kRemoveBatch) {
      const size_t n = std::min(kRemoveBatch, keys.size() - i);
      MB_CHECK(remove_many(std::span(keys).subspan(i, n)));
    }
    token = std::move(page.next_token);
  } while (!token.empty());
  return remove_partial_writes(prefix);
}

Result<std::vector<std::string>> ObjectStore::list_partial_writes(std::string_view) {
  return std::vector<std::string>{};
}

Status ObjectStore::remove_partial_writes(std::string_view prefix) {
  MB_TRY(partial, list_partial_writes(prefix));
  if (partial.empty()) return {};
  return remove_many(partial);
}

Result<bool> ObjectStore::exists_prefix(std::string_view prefix) {
  MB_TRY(page, list_page(prefix, true, {}));
  return !page.objects.empty();
}

}  // namespace mb::storage
