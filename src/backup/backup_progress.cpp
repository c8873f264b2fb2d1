#include "backup/backup_progress.h"

namespace mb::backup {

const char* to_string(BackupPhase phase) {
  switch (phase) {
    case BackupPhase::kPrepare: return "prepare";
    case BackupPhase::kMeta: return "meta";
    case BackupPhase::kFlush: return "flush";
    case BackupPhase::kCopy: return "copy";
    case BackupPhase::kVerify: return "verify";
    case BackupPhase::kCommit: return "commit";
    case BackupPhase::kCleanup: return "cleanup";
    case BackupPhase::kDone: return "done";
  }
  return "?";
}

}  // namespace mb::backup
