#include "api/check.h"

#include <fmt/format.h>

#include "milvus/grpc_milvus_client.h"
#include "milvus/management_client.h"
#include "storage/store_factory.h"
#include "util/random_id.h"

namespace mb::api {
namespace {

std::string join_key(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : prefix + "/" + name;
}

class CheckRun {
 public:
  explicit CheckRun(const config::Config& config) : config_(config) {}

  CheckReport run() {
    check_milvus();
    check_gc_control();
    auto milvus_store = open_store("Milvus storage", config_.milvus.storage);
    auto backup_store = open_store("Backup storage", config_.backup.storage);
    const bool milvus_listed = milvus_store && list_milvus_root(*milvus_store);
    const bool backup_listed = backup_store && list_backup_root(*backup_store);
    // Never write into a store that could not even be listed: some servers (SeaweedFS) create a
    // missing bucket on the first write, which would hide the problem from the next check.
    if (milvus_listed && backup_listed) probe_write_copy_delete(*milvus_store, *backup_store);
    return std::move(report_);
  }

 private:
  void add(CheckOutcome outcome, std::string subject, std::string detail) {
    report_.lines.push_back({outcome, std::move(subject), std::move(detail)});
  }

  void check_milvus() {
    const auto address = fmt::format("{}:{}", config_.milvus.grpc_address, config_.milvus.grpc_port);
    auto client = milvus::GrpcMilvusClient::connect(config_.milvus);
    if (!client) {
      add(CheckOutcome::kFail, "Milvus", fmt::format("{}: {}", address, client.error().to_string()));
      return;
    }
    auto version = (*client)->get_version();
    if (!version) {
      add(CheckOutcome::kFail, "Milvus", fmt::format("{}: {}", address, version.error().to_string()));
      return;
    }
    report_.milvus_version = *version;
    add(CheckOutcome::kPass, "Milvus", fmt::format("{} reachable, version {}", address, *version));
  }

  // GC pause is what keeps a backup's source files alive while they are copied; without it a
  // backup still runs but may miss segments compacted meanwhile, so this is a warning unless the
  // config requires the pause. A one-second pause, resumed at once, is the only honest probe.
  void check_gc_control() {
    const auto& endpoint = config_.milvus.management_endpoint;
    milvus::ManagementClient management(endpoint);
    auto paused = management.pause_gc(1);
    if (paused) {
      auto resumed = management.resume_gc(*paused);
      if (resumed) {
        add(CheckOutcome::kPass, "GC control", fmt::format("GC pause and resume work at {}", endpoint));
        return;
      }
      add(CheckOutcome::kFail, "GC control",
          fmt::format("GC paused at {} but resume failed (it lapses by itself in 1 s): {}", endpoint,
                      resumed.error().to_string()));
      return;
    }
    add(config_.backup.pause_gc_required ? CheckOutcome::kFail : CheckOutcome::kWarn, "GC control",
        fmt::format("cannot pause Milvus GC at {}: {}; backups will run without the pause and may miss "
                    "segments that compaction removes while they copy",
                    endpoint, paused.error().to_string()));
  }

  std::unique_ptr<storage::ObjectStore> open_store(const std::string& subject,
                                                   const config::StorageConfig& storage_config) {
    auto store = storage::make_store(storage_config);
    if (!store) {
      add(CheckOutcome::kFail, subject, store.error().to_string());
      return nullptr;
    }
    return std::move(*store);
  }

  bool list_milvus_root(storage::ObjectStore& store) {
    const auto root = storage::root_prefix(config_.milvus.storage);
    auto page = store.list_page(root.empty() ? root : root + "/", true, {});
    if (!page) {
      add(CheckOutcome::kFail, "Milvus storage",
          fmt::format("cannot list {} under '{}': {}", store.describe(), root, page.error().to_string()));
      return false;
    }
    if (page->objects.empty()) {
      add(CheckOutcome::kWarn, "Milvus storage",
          fmt::format("{} has nothing under '{}': Milvus root path is empty, or milvus.storage does not "
                      "point at Milvus's own storage",
                      store.describe(), root));
      return true;
    }
    add(CheckOutcome::kPass, "Milvus storage", fmt::format("listed {} under '{}'", store.describe(), root));
    return true;
  }

  bool list_backup_root(storage::ObjectStore& store) {
    const auto root = storage::root_prefix(config_.backup.storage);
    auto page = store.list_page(root.empty() ? root : root + "/", false, {});
    if (!page) {
      add(CheckOutcome::kFail, "Backup storage",
          fmt::format("cannot list {} under '{}': {}", store.describe(), root, page.error().to_string()));
      return false;
    }
    add(CheckOutcome::kPass, "Backup storage",
        fmt::format("listed {} under '{}': {} backup folder(s)", store.describe(), root,
                    page->common_prefixes.size()));
    return true;
  }

  // Writes a 1-byte object into Milvus's storage, copies it into the backup storage the way a
  // backup would, reads it back and removes both: proves write, copy, read and delete rights.
  void probe_write_copy_delete(storage::ObjectStore& milvus_store, storage::ObjectStore& backup_store) {
    const auto id = random_uuid();
    const auto src_key = join_key(storage::root_prefix(config_.milvus.storage), "milvus_backup_check_src_" + id);
    const auto dst_key = join_key(storage::root_prefix(config_.backup.storage), "milvus_backup_check_dst_" + id);
    const std::string payload = "1";

    if (auto put = milvus_store.put(src_key, payload); !put) {
      add(CheckOutcome::kFail, "Milvus storage",
          fmt::format("cannot write probe object {}: {}", src_key, put.error().to_string()));
      return;
    }
    const bool server_side = config_.transfer.mode != config::TransferMode::kStreaming &&
                             milvus_store.identity() == backup_store.identity();
    Status copied = server_side ? backup_store.copy_from(milvus_store, src_key, dst_key, payload.size())
                                : stream_copy(milvus_store, src_key, backup_store, dst_key);
    if (!copied) {
      add(CheckOutcome::kFail, "Backup storage",
          fmt::format("cannot copy probe object into {} as {}: {}", backup_store.describe(), dst_key,
                      copied.error().to_string()));
    } else if (auto read_back = backup_store.get(dst_key); !read_back || *read_back != payload) {
      add(CheckOutcome::kFail, "Backup storage",
          fmt::format("probe object {} did not read back as written{}", dst_key,
                      read_back ? std::string() : ": " + read_back.error().to_string()));
    } else {
      add(CheckOutcome::kPass, "Backup storage",
          fmt::format("wrote, {} copied, read back and deleted a probe object",
                      server_side ? "server-side" : "stream"));
    }
    auto removed_src = milvus_store.remove(src_key);
    auto removed_dst = backup_store.remove(dst_key);
    if (!removed_src) {
      add(CheckOutcome::kFail, "Milvus storage",
          fmt::format("cannot delete probe object {}: {}", src_key, removed_src.error().to_string()));
    }
    if (copied && !removed_dst) {
      add(CheckOutcome::kFail, "Backup storage",
          fmt::format("cannot delete probe object {}: {}", dst_key, removed_dst.error().to_string()));
    }
  }

  static Status stream_copy(storage::ObjectStore& from, const std::string& from_key, storage::ObjectStore& to,
                            const std::string& to_key) {
    MB_TRY(data, from.get(from_key));
    return to.put(to_key, data);
  }

  const config::Config& config_;
  CheckReport report_;
};

}  // namespace

bool CheckReport::passed() const {
  for (const auto& line : lines) {
    if (line.outcome == CheckOutcome::kFail) return false;
  }
  return true;
}

CheckReport run_check(const config::Config& config) { return CheckRun(config).run(); }

namespace {

const char* outcome_label(CheckOutcome outcome) {
  switch (outcome) {
    case CheckOutcome::kPass: return "PASS";
    case CheckOutcome::kWarn: return "WARN";
    case CheckOutcome::kFail: return "FAIL";
  }
  return "?";
}

}  // namespace

std::string render_check_report(const CheckReport& report) {
  std::string text;
  for (const auto& line : report.lines) {
    text += fmt::format("{}  {}: {}\n", outcome_label(line.outcome), line.subject, line.detail);
  }
  if (!report.milvus_version.empty()) text += "\nMilvus version: " + report.milvus_version + "\n";
  if (report.passed()) text += "\nSuccess!\n";
  return text;
}

std::string check_failures(const CheckReport& report) {
  std::string failures;
  for (const auto& line : report.lines) {
    if (line.outcome != CheckOutcome::kFail) continue;
    if (!failures.empty()) failures += "; ";
    failures += line.subject + ": " + line.detail;
  }
  return failures;
}

}  // namespace mb::api
