#include "api/verify_api.h"

#include <algorithm>

#include "storage/store_factory.h"

namespace mb::api {

ProgressSnapshot VerifyProgress::snapshot() const {
  const auto& read = counters_.read;
  return ProgressSnapshot{.phase = counters_.reading.load() ? "read" : "structure",
                          .unit = "backups",
                          .collections_done = counters_.backups_done.load(),
                          .collections_total = counters_.backups_total.load(),
                          .files_done = read.files_done.load(),
                          .files_total = read.files_total.load(),
                          .bytes_done = read.bytes_done.load(),
                          .bytes_total = read.bytes_total.load()};
}

Result<VerifyReport> verify_backups(const config::Config& config, VerifyOptions options,
                                    const CancellationToken* cancel, VerifyProgress* progress) {
  auto store = storage::make_store(config.backup.storage);
  if (!store) return fail(wrap(std::move(store).error(), "open the backup storage (backup.storage)"));
  options.data.concurrency = std::max(config.transfer.concurrency, 1);
  return verify::verify_backups(**store, storage::root_prefix(config.backup.storage), options,
                                progress ? &progress->counters() : nullptr, cancel);
}

Result<VerifySubset> parse_verify_subset(std::string_view text) { return verify::parse_subset(text); }

}  // namespace mb::api
