#include "storage/s3_store.h"

#include <algorithm>

#include "storage/s3_writer.h"

namespace mb::storage {
namespace {

constexpr size_t kDeleteBatch = 1000;  // DeleteObjects takes at most 1000 keys
constexpr uint64_t kMaxCopyObjectSize = uint64_t{5} << 30;
constexpr uint64_t kMaxParts = 10'000;

}  // namespace

S3Store::S3Store(std::shared_ptr<s3::Client> client, S3StoreOptions options)
    : client_(std::move(client)), options_(options), batch_delete_(client_->dialect().batch_delete) {}

std::string S3Store::describe() const { return client_->describe(); }

std::string S3Store::identity() const {
  const auto& endpoint = client_->endpoint();
  return "s3:" + endpoint.scheme + "://" + endpoint.service_host + "#" + client_->credentials_identity();
}

Result<std::optional<ObjectInfo>> S3Store::stat(std::string_view key) { return client_->head_object(key); }

Result<ListPage> S3Store::list_page(std::string_view prefix, bool recursive, std::string_view token) {
  MB_TRY(result, client_->list_objects_v2(prefix, recursive, token));
  // S3 lists in byte order, but not every server does within a page (SeaweedFS orders common
  // prefixes by its directory tree: "tree/" before "tree-other/").
  std::sort(result.objects.begin(), result.objects.end(),
            [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
  std::sort(result.common_prefixes.begin(), result.common_prefixes.end());
  return ListPage{std::move(result.objects), std::move(result.common_prefixes), std::move(result.next_token)};
}

Result<size_t> S3Store::read_range(std::string_view key, uint64_t offset, std::span<std::byte> buffer) {
  return client_->get_range(key, offset, buffer);
}

Result<std::unique_ptr<ObjectWriter>> S3Store::open_writer(std::string_view key, std::optional<uint64_t> size_hint) {
  if (key.empty()) return fail(Error(ErrorCode::kInvalidArgument, "empty object key").with("store", describe()));
  const PartPlan plan = plan_parts(size_hint, options_.min_part_size, s3::kPartLimits);
  return std::unique_ptr<ObjectWriter>(std::make_unique<s3::Writer>(client_, std::string(key), plan));
}

uint64_t S3Store::writer_buffer_bytes(uint64_t object_size) const {
  return part_buffer_bytes(object_size, options_.min_part_size, s3::kPartLimits);
}

Status S3Store::copy_from(const ObjectStore& source, std::string_view src_key, std::string_view dst_key,
                          uint64_t size) {
  const auto* s3_source = dynamic_cast<const S3Store*>(&source);
  if (s3_source == nullptr || s3_source->identity() != identity()) {
    return fail(Error(ErrorCode::kInvalidArgument, "server-side copy needs a source on the same S3 endpoint and "
                                                   "credentials, not " + source.describe())
                    .with("key", std::string(dst_key))
                    .with("store", describe()));
  }
  const std::string& source_bucket = s3_source->client_->endpoint().bucket;
  const uint64_t threshold = std::min(options_.multipart_copy_threshold, kMaxCopyObjectSize);
  if (size > threshold && client_->dialect().part_copy) return multipart_copy(source_bucket, src_key, dst_key, size);
  return client_->copy_object(source_bucket, src_key, dst_key);
}

Status S3Store::multipart_copy(const std::string& source_bucket, std::string_view src_key, std::string_view dst_key,
                               uint64_t size) {
  const uint64_t part_size = std::max(options_.copy_part_size, (size + kMaxParts - 1) / kMaxParts);
  MB_TRY(upload_id, client_->create_multipart_upload(dst_key));
  std::vector<std::string> etags;
  Status copied = [&]() -> Status {
    for (uint64_t first = 0; first < size; first += part_size) {
      const uint64_t last = std::min(first + part_size, size) - 1;
      MB_TRY(etag, client_->upload_part_copy(dst_key, upload_id, static_cast<int>(etags.size()) + 1, source_bucket,
                                             src_key, first, last));
      etags.push_back(std::move(etag));
    }
    return client_->complete_multipart_upload(dst_key, upload_id, etags);
  }();
  if (!copied) {
    (void)client_->abort_multipart_upload(dst_key, upload_id);  // the copy's own error is the one to report
    return copied;
  }
  return {};
}

Status S3Store::remove(std::string_view key) { return client_->delete_object(key); }

Status S3Store::remove_many(std::span<const std::string> keys) {
  if (!batch_delete_.load()) return ObjectStore::remove_many(keys);

  std::vector<std::string> one_by_one;  // keys a DeleteObjects body cannot carry
  std::vector<s3::DeleteFailure> failures;
  std::vector<std::string> batch;
  for (size_t start = 0; start < keys.size(); start += kDeleteBatch) {
    batch.clear();
    for (const auto& key : keys.subspan(start, std::min(kDeleteBatch, keys.size() - start))) {
      (s3::representable_in_xml(key) ? batch : one_by_one).push_back(key);
    }
    if (batch.empty()) continue;
    auto result = client_->delete_objects(batch);
    if (!result) {
      if (result.error().get(retry::kHttpStatusKey) == "501") {
        batch_delete_ = false;  // this server has no DeleteObjects: delete one by one from now on
        one_by_one.insert(one_by_one.end(), batch.begin(), batch.end());
        const size_t rest = std::min(start + kDeleteBatch, keys.size());
        one_by_one.insert(one_by_one.end(), keys.begin() + static_cast<ptrdiff_t>(rest), keys.end());
        break;
      }
      return fail(std::move(result).error());
    }
    failures.insert(failures.end(), result->begin(), result->end());
  }
  if (!one_by_one.empty()) MB_CHECK(ObjectStore::remove_many(one_by_one));
  if (failures.empty()) return {};
  const s3::DeleteFailure& first = failures.front();
  return fail(Error(first.code == "AccessDenied" ? ErrorCode::kPermissionDenied : ErrorCode::kStorage,
                    std::to_string(failures.size()) + " of " + std::to_string(keys.size()) +
                        " objects could not be deleted; first: " + first.code + ": " + first.message)
                  .with("key", first.key)
                  .with("s3_code", first.code)
                  .with("store", describe()));
}

Status S3Store::ensure_bucket() {
  MB_TRY(exists, client_->bucket_exists());
  if (exists) return {};
  return client_->create_bucket();
}

}  // namespace mb::storage
