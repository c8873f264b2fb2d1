#include "storage/gcs_store.h"

#include <algorithm>
#include <cctype>

#include "storage/gcs_writer.h"

namespace mb::storage {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Error config_error(std::string message, std::string key) {
  return Error(ErrorCode::kInvalidArgument, std::move(message)).with("config_key", std::move(key));
}

}  // namespace

GcsStore::GcsStore(std::shared_ptr<gcs::Client> client, GcsStoreOptions options)
    : client_(std::move(client)), options_(options) {}

std::string GcsStore::describe() const { return client_->describe(); }

std::string GcsStore::identity() const { return "gcs:" + client_->endpoint().base_url + "#" + client_->principal(); }

Result<std::optional<ObjectInfo>> GcsStore::stat(std::string_view key) { return client_->get_object(key); }

Result<ListPage> GcsStore::list_page(std::string_view prefix, bool recursive, std::string_view token) {
  MB_TRY(result, client_->list_objects(prefix, recursive, token));
  return ListPage{std::move(result.objects), std::move(result.common_prefixes), std::move(result.next_page_token)};
}

Result<size_t> GcsStore::read_range(std::string_view key, uint64_t offset, std::span<std::byte> buffer) {
  return client_->get_range(key, offset, buffer);
}

Result<std::unique_ptr<ObjectWriter>> GcsStore::open_writer(std::string_view key,
                                                            std::optional<uint64_t> size_hint) {
  if (key.empty()) return fail(Error(ErrorCode::kInvalidArgument, "empty object key").with("store", describe()));
  // Chunks have no size limit to plan around; the hint only sizes the buffer, once.
  return std::unique_ptr<ObjectWriter>(
      std::make_unique<gcs::Writer>(client_, std::string(key), options_.chunk_size,
                                    writer_buffer_bytes(size_hint.value_or(options_.chunk_size + 1))));
}

// The writer keeps a chunk and the byte that shows more follow (see gcs::Writer::write), or the
// whole object when it is smaller.
uint64_t GcsStore::writer_buffer_bytes(uint64_t object_size) const {
  return std::min(object_size, options_.chunk_size + 1);
}

Status GcsStore::copy_from(const ObjectStore& source, std::string_view src_key, std::string_view dst_key, uint64_t) {
  const auto* gcs_source = dynamic_cast<const GcsStore*>(&source);
  if (gcs_source == nullptr || gcs_source->identity() != identity()) {
    return fail(Error(ErrorCode::kInvalidArgument, "server-side copy needs a source on the same GCS endpoint and "
                                                   "credentials, not " + source.describe())
                    .with("key", std::string(dst_key))
                    .with("store", describe()));
  }
  // A rewrite may take several calls (large objects, other locations or storage classes); each
  // continues where the previous one stopped.
  std::string token;
  while (true) {
    MB_TRY(progress, client_->rewrite(gcs_source->client_->endpoint().bucket, src_key, dst_key, token));
    if (progress.done) return {};
    token = std::move(progress.rewrite_token);
  }
}

Status GcsStore::remove(std::string_view key) { return client_->delete_object(key); }

Status GcsStore::ensure_bucket() {
  MB_TRY(exists, client_->bucket_exists());
  if (exists) return {};
  return client_->create_bucket();
}

Result<std::unique_ptr<ObjectStore>> make_gcs_store(const config::StorageConfig& config,
                                                    std::chrono::milliseconds retry_window) {
  MB_TRY(endpoint, gcs::resolve_endpoint(config));
  gcs::ClientConfig client;
  client.http.ca_file = config.ca_cert_path;
  client.retry.window = retry_window;
  const std::string auth = lower(config.auth_type);
  if (auth == "serviceaccount") {
    if (config.credentials_file.empty()) {
      return fail(config_error("storage.auth.credentialsFile is required for auth.type serviceAccount",
                               "storage.auth.credentialsFile"));
    }
    MB_TRY(account, gcs::load_service_account(config.credentials_file));
    client.project_id = account.project_id;
    client.tokens = std::make_shared<gcs::TokenSource>(std::move(account), client.http, client.retry);
  } else if (auth == "default") {
    if (!endpoint.custom) {
      return fail(config_error("storage.auth.type \"default\" (application default credentials) is not supported "
                               "for Google Cloud Storage; use \"serviceAccount\" with storage.auth.credentialsFile",
                               "storage.auth.type"));
    }
  } else {
    return fail(config_error("storage.auth.type \"" + config.auth_type +
                                 "\" does not apply to provider gcpnative (serviceAccount or default)",
                             "storage.auth.type"));
  }
  client.endpoint = std::move(endpoint);
  return std::unique_ptr<ObjectStore>(std::make_unique<GcsStore>(std::make_shared<gcs::Client>(std::move(client))));
}

}  // namespace mb::storage
