#include "api/restore_api.h"

#include <memory>

#include "backup/backup_catalog.h"
#include "milvus/grpc_milvus_client.h"
#include "storage/store_factory.h"

namespace mb::api {

ProgressSnapshot RestoreProgress::snapshot() const {
  const bool importing = counters_.copy.files_done.load() >= counters_.copy.files_total.load();
  return ProgressSnapshot{.phase = importing ? "import" : "copy",
                          .collections_done = counters_.collections_done.load(),
                          .collections_total = counters_.collections_total.load(),
                          .files_done = counters_.copy.files_done.load(),
                          .files_total = counters_.copy.files_total.load(),
                          .bytes_done = counters_.copy.bytes_done.load(),
                          .bytes_total = counters_.copy.bytes_total.load()};
}

Result<RestoreResult> restore_backup(const config::Config& config, const RestoreOptions& options,
                                     const CancellationToken* cancel, RestoreProgress* progress) {
  MB_CHECK(restore::validate_restore_options(options));
  const storage::StoreOptions store_options = storage::store_options(config.transfer);
  auto backup_store = storage::make_store(config.backup.storage, store_options);
  if (!backup_store) return fail(wrap(std::move(backup_store).error(), "open the backup storage (backup.storage)"));
  const std::string backup_root = storage::root_prefix(config.backup.storage);
  auto details = backup::get_backup(**backup_store, backup_root, options.backup_name);
  if (!details) {
    if (details.error().code == ErrorCode::kNotFound) {
      return fail(Error(ErrorCode::kNotFound, "backup " + options.backup_name + " not found")
                      .with("store", (*backup_store)->describe())
                      .with("root", backup_root));
    }
    return fail(wrap(std::move(details).error(), "read backup " + options.backup_name));
  }
  auto milvus_store = storage::make_store(config.milvus.storage, store_options);
  if (!milvus_store) return fail(wrap(std::move(milvus_store).error(), "open Milvus's storage (milvus.storage)"));
  auto client = milvus::GrpcMilvusClient::connect(config.milvus);
  if (!client) return fail(wrap(std::move(client).error(), "connect to Milvus"));

  // --verify_source: another Milvus, reached as milvus.* says but at the given address.
  std::unique_ptr<milvus::GrpcMilvusClient> verify_source;
  if (!options.verify_source.empty()) {
    MB_TRY(address, restore::parse_host_port(options.verify_source, "--verify_source"));
    config::MilvusConfig source_config = config.milvus;
    source_config.grpc_address = address.host;
    source_config.grpc_port = address.port;
    auto connected = milvus::GrpcMilvusClient::connect(source_config);
    if (!connected) return fail(wrap(std::move(connected).error(), "connect to the --verify_source Milvus"));
    verify_source = std::move(*connected);
  }

  restore::RestoreEnvironment env{.client = client->get(),
                                  .backup_store = backup_store->get(),
                                  .milvus_store = milvus_store->get(),
                                  .backup_root = backup_root,
                                  .import_settings = {.concurrency = config.restore.concurrency_import_jobs},
                                  .verify_source = verify_source.get()};
  return restore::run_restore(config, options, details->info, env, cancel,
                              progress ? &progress->counters() : nullptr);
}

}  // namespace mb::api
