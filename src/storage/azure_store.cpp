#include "storage/azure_store.h"

#include <algorithm>
#include <cctype>

#include "storage/azure_writer.h"

namespace mb::storage {
namespace {

constexpr uint64_t kMaxSyncCopySize = uint64_t{256} << 20;
constexpr std::chrono::milliseconds kFirstCopyPoll{200};
constexpr std::chrono::milliseconds kMaxCopyPoll{5'000};

}  // namespace

AzureStore::AzureStore(std::shared_ptr<azure::Client> client, AzureStoreOptions options)
    : client_(std::move(client)), options_(options) {}

std::string AzureStore::describe() const { return client_->describe(); }

std::string AzureStore::identity() const {
  const azure::Endpoint& endpoint = client_->endpoint();
  // "acct.blob.core.windows.net" -> "blob.core.windows.net"; an emulator's host is the instance.
  const std::string service = endpoint.account_in_path ? endpoint.host : endpoint.host.substr(endpoint.account.size() + 1);
  return "azure:" + endpoint.scheme + "://" + service;
}

Result<std::optional<ObjectInfo>> AzureStore::stat(std::string_view key) {
  MB_TRY(properties, client_->get_properties(key));
  if (!properties) return std::optional<ObjectInfo>{};
  return std::optional<ObjectInfo>(std::move(properties->info));
}

Result<ListPage> AzureStore::list_page(std::string_view prefix, bool recursive, std::string_view token) {
  MB_TRY(result, client_->list_blobs(prefix, recursive, token));
  return ListPage{std::move(result.objects), std::move(result.common_prefixes), std::move(result.next_marker)};
}

Result<size_t> AzureStore::read_range(std::string_view key, uint64_t offset, std::span<std::byte> buffer) {
  return client_->get_range(key, offset, buffer);
}

Result<std::unique_ptr<ObjectWriter>> AzureStore::open_writer(std::string_view key, std::optional<uint64_t> size_hint) {
  if (key.empty()) return fail(Error(ErrorCode::kInvalidArgument, "empty object key").with("store", describe()));
  return std::unique_ptr<ObjectWriter>(std::make_unique<azure::Writer>(
      client_, std::string(key), plan_parts(size_hint, options_.min_block_size, azure::kBlockLimits)));
}

uint64_t AzureStore::writer_buffer_bytes(uint64_t object_size) const {
  return part_buffer_bytes(object_size, options_.min_block_size, azure::kBlockLimits);
}

Status AzureStore::copy_from(const ObjectStore& source, std::string_view src_key, std::string_view dst_key,
                             uint64_t size) {
  const auto* azure_source = dynamic_cast<const AzureStore*>(&source);
  if (azure_source == nullptr || azure_source->identity() != identity()) {
    return fail(Error(ErrorCode::kInvalidArgument,
                      "server-side copy needs a source on the same Azure Blob service, not " + source.describe())
                    .with("key", std::string(dst_key))
                    .with("store", describe()));
  }
  const azure::Client& source_client = *azure_source->client_;
  if (size <= std::min(options_.sync_copy_limit, kMaxSyncCopySize)) {
    return client_->copy_from_url(dst_key, source_client.presigned_read_url(src_key, options_.sync_copy_sas_lifetime));
  }
  MB_TRY(started, client_->start_copy(dst_key, source_client.presigned_read_url(src_key, options_.async_copy_sas_lifetime)));
  return wait_for_copy(dst_key, started);
}

Status AzureStore::wait_for_copy(std::string_view dst_key, const azure::CopyState& started) {
  auto copy_error = [&](ErrorCode code, std::string message) {
    return fail(Error(code, std::move(message))
                    .with("key", std::string(dst_key))
                    .with("copy_id", started.id)
                    .with("store", describe()));
  };
  // The source SAS expires after this; a copy still pending then can only fail.
  const auto deadline = std::chrono::steady_clock::now() + options_.async_copy_sas_lifetime;
  auto pause = kFirstCopyPoll;
  azure::CopyState state = started;
  while (state.status == "pending") {
    if (std::chrono::steady_clock::now() > deadline) return copy_error(ErrorCode::kTimeout, "Copy Blob still pending");
    retry::sleep_for(pause);
    pause = std::min(pause * 2, kMaxCopyPoll);
    MB_TRY(properties, client_->get_properties(dst_key));
    if (!properties) return copy_error(ErrorCode::kNotFound, "the destination of a pending Copy Blob disappeared");
    if (properties->copy.id != started.id) {
      return copy_error(ErrorCode::kStorage, "another copy replaced ours on the destination blob");
    }
    state = std::move(properties->copy);
  }
  if (state.status != "success") {
    return copy_error(ErrorCode::kStorage, "Copy Blob ended with status \"" + state.status + "\"" +
                                               (state.description.empty() ? "" : ": " + state.description));
  }
  return {};
}

Status AzureStore::remove(std::string_view key) { return client_->delete_blob(key); }

Status AzureStore::ensure_bucket() { return client_->create_container(); }

Result<std::unique_ptr<ObjectStore>> make_azure_store(const config::StorageConfig& config,
                                                      uint64_t multipart_copy_threshold,
                                                      std::chrono::milliseconds retry_window) {
  std::string auth = config.auth_type;
  std::transform(auth.begin(), auth.end(), auth.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (auth != "sharedkey") {
    return fail(Error(ErrorCode::kInvalidArgument,
                      "storage.auth.type \"" + config.auth_type +
                          "\" is not supported by this build's Azure backend; use \"sharedKey\" with "
                          "storage.accountName and storage.auth.accountKey")
                    .with("config_key", "storage.auth.type"));
  }
  if (config.account_key.empty()) {
    return fail(Error(ErrorCode::kInvalidArgument, "storage.auth.accountKey is required for auth.type sharedKey")
                    .with("config_key", "storage.auth.accountKey"));
  }
  MB_TRY(endpoint, azure::resolve_endpoint(config));
  MB_TRY(key, azure::decode_account_key(config.account_key));
  azure::ClientConfig client;
  client.endpoint = std::move(endpoint);
  client.account_key = std::move(key);
  client.http.ca_file = config.ca_cert_path;
  client.retry.window = retry_window;
  AzureStoreOptions options;
  options.sync_copy_limit = std::min(multipart_copy_threshold, kMaxSyncCopySize);
  return std::unique_ptr<ObjectStore>(
      std::make_unique<AzureStore>(std::make_shared<azure::Client>(std::move(client)), options));
}

}  // namespace mb::storage
