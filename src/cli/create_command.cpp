#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <vector>

#include "api/backup_api.h"
#include "cli/commands.h"
#include "cli/progress_display.h"

namespace mb::cli {
namespace {

// Flags the Go tool dropped in 0.6. It keeps them hidden so that an old script fails with advice
// rather than "unknown flag"; so do we.
struct RemovedFlag {
  const char* names;
  const char* long_name;
  bool takes_value;
  const char* advice;
};

constexpr RemovedFlag kRemovedFlags[] = {
    {"-c,--colls", "--colls", true, "use --filter instead"},
    {"-d,--databases", "--databases", true, "use --filter instead"},
    {"-a,--database_collections", "--database_collections", true, "use --filter instead"},
    {"-f,--force", "--force", false, "use --strategy=skip_flush instead"},
    {"--meta_only", "--meta_only", false, "use --strategy=meta_only instead"},
};

// SIGINT/SIGTERM cancel the running backup, which then cleans up after itself. The handler only
// sets an atomic flag and writes a fixed message, both async-signal-safe; a second signal gets
// the default action (SA_RESETHAND) for a user who wants out at once.
std::atomic<CancellationToken*> g_running_backup{nullptr};

extern "C" void cancel_running_backup(int) {
  static constexpr char kMessage[] =
      "\ncancelling the backup: resuming Milvus GC and removing what was written (signal again to quit at once)\n";
  if (auto* token = g_running_backup.load()) token->cancel();
  [[maybe_unused]] auto written = write(STDERR_FILENO, kMessage, sizeof(kMessage) - 1);
}

class CancelOnSignal {
 public:
  explicit CancelOnSignal(CancellationToken& token) {
    g_running_backup.store(&token);
    struct sigaction action {};
    action.sa_handler = cancel_running_backup;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &action, &previous_int_);
    sigaction(SIGTERM, &action, &previous_term_);
  }
  ~CancelOnSignal() {
    sigaction(SIGINT, &previous_int_, nullptr);
    sigaction(SIGTERM, &previous_term_, nullptr);
    g_running_backup.store(nullptr);
  }
  CancelOnSignal(const CancelOnSignal&) = delete;
  CancelOnSignal& operator=(const CancelOnSignal&) = delete;

 private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

}  // namespace

void add_create_command(CLI::App& app, const GlobalOptions& options, int& exit_code) {
  struct Flags {
    api::CreateOptions create;
    bool quiet = false;
  };
  auto flags = std::make_shared<Flags>();
  auto* create = app.add_subcommand("create", "create a backup");
  create->add_option("-n,--name", flags->create.name,
                     "backup name; without it: backup_<UTC date and time>_<nanoseconds>");
  create->add_option("--filter", flags->create.filter,
                     "which collections to back up, comma-separated: db.*, db.coll, coll (database default), db.; "
                     "without it: every collection of every database");
  create->add_option("--strategy", flags->create.strategy,
                     "meta_only, skip_flush or serial_flush (flush each collection, then copy it); without it: "
                     "serial_flush. bulk_flush (FlushAll, Milvus 2.6.11+) is refused with an error");
  create->add_option("--format", flags->create.format,
                     "auto or binlog (the Go tool's binlog layout); snapshot (Milvus 3.0 bundles) is refused");
  create->add_flag("--backup_index_extra", flags->create.backup_index_extra,
                   "back up index metadata from Milvus's etcd: not supported, refused with an error");
  create->add_flag("--rbac", flags->create.rbac,
                   "back up users, roles and grants: needs Milvus 2.5+ (BackupRBAC), refused with an error");
  create->add_flag("-q,--quiet", flags->quiet, "no progress display");
  std::vector<CLI::Option*> removed;
  for (const auto& flag : kRemovedFlags) {
    auto* option = flag.takes_value ? create->add_option(flag.names) : create->add_flag(flag.names);
    option->group("");  // hidden from --help
    removed.push_back(option);
  }

  create->callback([&options, &exit_code, flags, removed] {
    for (size_t i = 0; i < removed.size(); ++i) {
      if (removed[i]->count() == 0) continue;
      exit_code = report_error(Error(ErrorCode::kInvalidArgument,
                                     fmt::format("{} was removed in 0.6, {}", kRemovedFlags[i].long_name,
                                                 kRemovedFlags[i].advice)));
      return;
    }
    auto loaded = options.load();
    if (!loaded) {
      exit_code = report_error(loaded.error());
      return;
    }
    const auto start = std::chrono::steady_clock::now();
    CancellationToken cancel;
    api::CreateProgress progress;
    Result<api::CreateResult> created;
    {
      CancelOnSignal on_signal(cancel);
      ProgressDisplay display([&progress] { return progress.snapshot(); },
                              flags->quiet ? ProgressDisplay::Mode::kQuiet : ProgressDisplay::Mode::kAuto);
      created = api::create_backup(loaded->config, flags->create, &cancel, &progress);
    }
    if (!created) {
      exit_code = report_error(created.error());
      return;
    }
    std::cout << "create backup success\n"
              << fmt::format("duration:{:.2f} s\n",
                             std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  });
}

}  // namespace mb::cli
