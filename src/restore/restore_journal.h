// The restore journal: what a restore has done so far, kept beside the backup it reads
// (<backup dir>restore_journal/<restore id>.json), so that a rerun after a kill finds its own
// temporary collections and staged files and resumes, and a later restore knows the backup was
// already imported into a collection.
//
// The restore id is derived from what the restore does, not drawn at random: the backup (name and
// id), the Milvus restored into and the target collections. The same command run again has the
// same id and so finds the journal and the leftovers (temporary collection <target>_mbtmp_<id>,
// staged files restore-temp-<id>-<db>-<collection>/) of the run before it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "storage/object_store.h"
#include "util/error.h"

namespace mb::restore {

// pending -> creating (temporary collection made, data going in) -> done (under the target name).
// With --skip_create_collection: pending -> importing -> done.
enum class JournalStage { kPending, kCreating, kImporting, kDone };
std::string_view to_string(JournalStage stage);

struct JournalCollection {
  JournalStage stage = JournalStage::kPending;
  std::string temp_collection{};  // empty with --skip_create_collection
  int64_t rows = 0;               // imported rows, once done
  int64_t done_unix = 0;
};

struct JournalData {
  std::string restore_id{};
  std::string backup_name{};
  std::string backup_id{};
  std::string target_milvus{};
  int64_t started_unix = 0;
  int64_t updated_unix = 0;
  bool finished = false;  // every collection done
  std::map<std::string, JournalCollection> collections{};  // by target "db.collection"
};

inline constexpr std::string_view kTempCollectionMarker = "_mbtmp_";

// "r" and 16 hex digits.
std::string derive_restore_id(std::string_view backup_name, std::string_view backup_id, std::string_view target_milvus,
                              std::vector<std::string> target_labels);
// "<backup dir>restore_journal/<id>.json"
std::string journal_key(std::string_view backup_dir, std::string_view restore_id);
// "<collection>_mbtmp_<id without its r>"; Error(kInvalidArgument) when that passes Milvus's
// 255-character limit for names.
Result<std::string> temp_collection_name(std::string_view restore_id, std::string_view target_collection);
// The inverse: the restore id ("r" and the 16 hex digits) of a name that is exactly
// <collection>_mbtmp_<16 lowercase hex digits>; nullopt for any other name, which is never ours.
std::optional<std::string> restore_id_of_temp_collection(std::string_view name);

std::string encode_journal(const JournalData& data);
Result<JournalData> decode_journal(std::string_view text, std::string_view key);
// nullopt when there is none.
Result<std::optional<JournalData>> load_journal(storage::ObjectStore& store, std::string_view key);

// The journal of a running restore: every change is written through, under one lock, as collections
// finish in parallel, and the journal is rewritten every `heartbeat` besides (updated_unix), so that
// `gc` tells a restore still importing from one killed long ago. A write that fails (a read-only
// backup storage) is a warning, not a failure: without the journal a rerun still finds its
// leftovers by the restore id, it only cannot skip the collections already done.
class RestoreJournal {
 public:
  static constexpr std::chrono::seconds kDefaultHeartbeat{60};

  // A zero heartbeat writes only on changes.
  RestoreJournal(storage::ObjectStore& store, std::string key, JournalData data,
                 std::chrono::milliseconds heartbeat = kDefaultHeartbeat);

  void set(const std::string& target, JournalCollection state);
  void finish();
  void save();

 private:
  void save_locked();
  void beat(const std::stop_token& stop, std::chrono::milliseconds every);

  storage::ObjectStore& store_;
  const std::string key_;
  std::mutex mutex_;
  std::condition_variable_any beat_wakeup_;
  JournalData data_;
  bool warned_ = false;
  std::jthread heartbeat_;  // last: stopped and joined before the members it uses go
};

}  // namespace mb::restore
