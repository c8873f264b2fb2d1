#include "api/backup_api.h"

#include "backup/backup_brief.h"
#include "meta/meta_json.h"
#include "storage/store_factory.h"

namespace mb::api {
namespace {

Result<std::unique_ptr<storage::ObjectStore>> open_backup_store(const config::Config& config) {
  auto store = storage::make_store(config.backup.storage);
  if (!store) return fail(wrap(std::move(store).error(), "open the backup storage (backup.storage)"));
  return store;
}

}  // namespace

ProgressSnapshot CreateProgress::snapshot() const {
  return ProgressSnapshot{.phase = backup::to_string(counters_.phase.load()),
                          .collections_done = counters_.collections_done.load(),
                          .collections_total = counters_.collections_total.load(),
                          .files_done = counters_.copy.files_done.load(),
                          .files_total = counters_.copy.files_total.load(),
                          .bytes_done = counters_.copy.bytes_done.load(),
                          .bytes_total = counters_.copy.bytes_total.load()};
}

Result<CreateResult> create_backup(const config::Config& config, const CreateOptions& options,
                                   const CancellationToken* cancel, CreateProgress* progress) {
  return backup::create_backup(config, options, cancel, progress ? &progress->counters() : nullptr);
}

Result<std::vector<BackupListing>> list_backups(const config::Config& config) {
  MB_TRY(store, open_backup_store(config));
  return backup::list_backups(*store, storage::root_prefix(config.backup.storage));
}

Result<BackupDetails> get_backup(const config::Config& config, std::string_view name) {
  MB_TRY(store, open_backup_store(config));
  return backup::get_backup(*store, storage::root_prefix(config.backup.storage), name);
}

Result<std::string> backup_info_json(const BackupDetails& details, bool detail) {
  if (detail) return backup::indent_go_json(meta::encode_backup_info(details.info));
  MB_TRY(brief, backup::encode_backup_brief(details.info, details.meta_size));
  return backup::indent_go_json(brief);
}

Result<DeleteOutcome> delete_backup(const config::Config& config, std::string_view name) {
  MB_TRY(store, open_backup_store(config));
  return backup::delete_backup(*store, storage::root_prefix(config.backup.storage), name);
}

}  // namespace mb::api
