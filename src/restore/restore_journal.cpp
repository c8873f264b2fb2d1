#include "restore/restore_journal.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <chrono>

#include "meta/backup_layout.h"
#include "util/digest.h"
#include "util/json_parse.h"

namespace mb::restore {
namespace {

constexpr std::array<std::pair<JournalStage, std::string_view>, 4> kStages{{{JournalStage::kPending, "pending"},
                                                                          {JournalStage::kCreating, "creating"},
                                                                          {JournalStage::kImporting, "importing"},
                                                                          {JournalStage::kDone, "done"}}};

std::optional<JournalStage> parse_stage(std::string_view text) {
  for (const auto& [stage, name] : kStages) {
    if (name == text) return stage;
  }
  return std::nullopt;
}

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr size_t kMaxCollectionName = 255;  // Milvus's proxy.maxNameLength default
constexpr size_t kRestoreIdDigits = 16;     // hex digits of the id after its "r"

}  // namespace

std::string_view to_string(JournalStage stage) {
  for (const auto& [known, name] : kStages) {
    if (known == stage) return name;
  }
  return "pending";
}

std::string derive_restore_id(std::string_view backup_name, std::string_view backup_id, std::string_view target_milvus,
                              std::vector<std::string> target_labels) {
  std::sort(target_labels.begin(), target_labels.end());
  std::string text = std::string(backup_name) + '\n' + std::string(backup_id) + '\n' + std::string(target_milvus);
  for (const auto& label : target_labels) text += '\n' + label;
  return "r" + digest::sha256_hex(text).substr(0, kRestoreIdDigits);
}

std::string journal_key(std::string_view backup_dir, std::string_view restore_id) {
  return std::string(backup_dir) + std::string(meta::kRestoreJournalDirName) + "/" + std::string(restore_id) + ".json";
}

Result<std::string> temp_collection_name(std::string_view restore_id, std::string_view target_collection) {
  std::string name = std::string(target_collection) + std::string(kTempCollectionMarker) +
                     std::string(restore_id.substr(restore_id.starts_with('r') ? 1 : 0));
  if (name.size() > kMaxCollectionName) {
    return fail(Error(ErrorCode::kInvalidArgument,
                      "the target collection name is too long to restore it under a temporary name first "
                      "(the temporary name adds " + std::to_string(name.size() - target_collection.size()) +
                          " characters to Milvus's limit of 255)")
                    .with("collection", std::string(target_collection)));
  }
  return name;
}

std::optional<std::string> restore_id_of_temp_collection(std::string_view name) {
  const size_t suffix = kTempCollectionMarker.size() + kRestoreIdDigits;
  if (name.size() <= suffix) return std::nullopt;  // no collection name before the marker
  if (name.substr(name.size() - suffix, kTempCollectionMarker.size()) != kTempCollectionMarker) return std::nullopt;
  const std::string_view digits = name.substr(name.size() - kRestoreIdDigits);
  const bool lowercase_hex = std::all_of(digits.begin(), digits.end(),
                                         [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
  if (!lowercase_hex) return std::nullopt;
  return "r" + std::string(digits);
}

std::string encode_journal(const JournalData& data) {
  nlohmann::json collections = nlohmann::json::object();
  for (const auto& [target, state] : data.collections) {
    collections[target] = {{"stage", to_string(state.stage)},
                           {"temp_collection", state.temp_collection},
                           {"rows", state.rows},
                           {"done_unix", state.done_unix}};
  }
  return nlohmann::json{{"restore_id", data.restore_id},     {"backup_name", data.backup_name},
                        {"backup_id", data.backup_id},       {"target_milvus", data.target_milvus},
                        {"started_unix", data.started_unix}, {"updated_unix", data.updated_unix},
                        {"finished", data.finished},         {"collections", collections}}
      .dump(2);
}

Result<JournalData> decode_journal(std::string_view text, std::string_view key) {
  auto corrupt = [&](std::string what) {
    return fail(Error(ErrorCode::kCorrupt, "the restore journal is not one this tool wrote: " + what)
                    .with("key", std::string(key)));
  };
  auto parsed = parse_json(text, ErrorCode::kCorrupt);
  if (!parsed) return corrupt(parsed.error().message);
  const nlohmann::json& json = *parsed;
  if (!json.is_object()) return corrupt("not a JSON object");
  JournalData data;
  try {
    data.restore_id = json.at("restore_id").get<std::string>();
    data.backup_name = json.at("backup_name").get<std::string>();
    data.backup_id = json.at("backup_id").get<std::string>();
    data.target_milvus = json.at("target_milvus").get<std::string>();
    data.started_unix = json.at("started_unix").get<int64_t>();
    data.updated_unix = json.at("updated_unix").get<int64_t>();
    data.finished = json.at("finished").get<bool>();
    const auto& collections = json.at("collections");
    if (!collections.is_object()) return corrupt("collections is not an object");
    for (const auto& [target, entry] : collections.items()) {
      const auto stage = parse_stage(entry.at("stage").get<std::string>());
      if (!stage) return corrupt("unknown stage of " + target);
      data.collections[target] = JournalCollection{.stage = *stage,
                                                   .temp_collection = entry.at("temp_collection").get<std::string>(),
                                                   .rows = entry.at("rows").get<int64_t>(),
                                                   .done_unix = entry.at("done_unix").get<int64_t>()};
    }
  } catch (const nlohmann::json::exception& e) {
    return corrupt(e.what());
  }
  return data;
}

Result<std::optional<JournalData>> load_journal(storage::ObjectStore& store, std::string_view key) {
  MB_TRY(info, store.stat(key));
  if (!info) return std::optional<JournalData>{};
  auto text = store.get(key);
  if (!text) return fail(wrap(std::move(text).error(), "read the restore journal").with("key", std::string(key)));
  MB_TRY(data, decode_journal(*text, key));
  return std::optional<JournalData>(std::move(data));
}

RestoreJournal::RestoreJournal(storage::ObjectStore& store, std::string key, JournalData data,
                               std::chrono::milliseconds heartbeat)
    : store_(store), key_(std::move(key)), data_(std::move(data)) {
  if (heartbeat.count() > 0) {
    heartbeat_ = std::jthread([this, heartbeat](const std::stop_token& stop) { beat(stop, heartbeat); });
  }
}

void RestoreJournal::beat(const std::stop_token& stop, std::chrono::milliseconds every) {
  std::unique_lock lock(mutex_);
  while (!beat_wakeup_.wait_for(lock, stop, every, [] { return false; }) && !stop.stop_requested()) {
    save_locked();
  }
}

void RestoreJournal::set(const std::string& target, JournalCollection state) {
  std::lock_guard lock(mutex_);
  data_.collections[target] = std::move(state);
  save_locked();
}

void RestoreJournal::finish() {
  std::lock_guard lock(mutex_);
  data_.finished = true;
  save_locked();
}

void RestoreJournal::save() {
  std::lock_guard lock(mutex_);
  save_locked();
}

void RestoreJournal::save_locked() {
  data_.updated_unix = unix_now();
  if (auto put = store_.put(key_, encode_journal(data_)); !put && !warned_) {
    warned_ = true;
    spdlog::warn("could not write the restore journal key={} error={}; a rerun after a failure restores every "
                 "collection again (leftovers are still found by the restore id)",
                 key_, put.error().to_string());
  }
}

}  // namespace mb::restore
