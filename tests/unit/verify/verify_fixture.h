// A small backup in a MemoryStore, written as `create` writes one (meta files, manifest, binlogs),
// for the verify tests to damage.
#pragma once

#include <string>

#include "memory_store.h"
#include "meta/backup_layout.h"
#include "meta/backup_manifest.h"
#include "meta/meta_files.h"
#include "util/crc32c.h"

namespace mb::verify {

class BackupFixture {
 public:
  static constexpr const char* kRoot = "root";
  static constexpr const char* kName = "b1";
  const std::string dir = meta::backup_dir(kRoot, kName);

  explicit BackupFixture(bool with_manifest = true) {
    info_.id = "id-1";
    info_.name = kName;
    meta::CollectionBackupInfo collection;
    collection.collection_id = 1;
    collection.db_name = "default";
    collection.collection_name = "books";
    collection.schema.emplace().name = "books";
    collection.schema->fields.resize(2);
    collection.schema->fields[0].field_id = 100;
    collection.schema->fields[0].name = "id";
    collection.schema->fields[0].is_primary_key = true;
    collection.schema->fields[0].data_type = meta::DataType::kInt64;
    collection.schema->fields[1].field_id = 101;
    collection.schema->fields[1].name = "vec";
    collection.schema->fields[1].data_type = meta::DataType::kFloatVector;
    meta::PartitionBackupInfo partition;
    partition.partition_id = 2;
    partition.partition_name = "_default";
    partition.collection_id = 1;
    for (const int64_t segment_id : {3, 4}) {
      meta::SegmentBackupInfo segment;
      segment.segment_id = segment_id;
      segment.collection_id = 1;
      segment.partition_id = 2;
      segment.num_of_rows = 10;
      segment.group_id = segment_id;
      for (const int64_t field : {0, 1, 100, 101}) {
        segment.binlogs.push_back(file_entry(meta::BinlogKind::kInsert, segment, field, segment_id * 1000 + field));
      }
      segment.deltalogs.push_back(file_entry(meta::BinlogKind::kDelta, segment, 0, segment_id * 1000 + 999));
      for (const auto* logs : {&segment.binlogs, &segment.deltalogs}) {
        for (const auto& f : *logs) segment.size += f.binlogs[0].log_size;
      }
      partition.size += segment.size;
      partition.segment_backups.push_back(std::move(segment));
    }
    collection.size = partition.size;
    info_.size = collection.size;
    collection.partition_backups.push_back(std::move(partition));
    info_.collection_backups.push_back(std::move(collection));
    write_meta(with_manifest);
  }

  const meta::BackupInfo& info() const { return info_; }
  testing::MemoryStore& store() { return store_; }

  // key relative to the backup dir
  std::string get(const std::string& key) { return store_.objects().at(dir + key); }
  void set(const std::string& key, std::string data) { store_.set(dir + key, std::move(data)); }
  void remove(const std::string& key) { (void)store_.remove(dir + key); }
  void flip(const std::string& key, size_t at) {
    std::string data = get(key);
    data[at % data.size()] ^= 0x01;
    set(key, std::move(data));
  }
  static std::string insert_key(int64_t segment, int64_t field) {
    return "binlogs/insert_log/1/2/" + std::to_string(segment) + "/" + std::to_string(segment) + "/" +
           std::to_string(field) + "/" + std::to_string(segment * 1000 + field);
  }
  static std::string delta_key(int64_t segment) {
    return "binlogs/delta_log/1/2/" + std::to_string(segment) + "/" + std::to_string(segment) + "/" +
           std::to_string(segment * 1000 + 999);
  }

  // Rewrites the meta (after a test changed info()).
  void write_meta(bool with_manifest) {
    for (const auto& [key, data] : store_.objects()) {
      if (key.starts_with(dir + "meta/")) (void)store_.remove(key);
    }
    meta::BackupManifest manifest;
    manifest.tool_version = "test";
    for (const auto& [key, data] : store_.objects()) {
      if (!key.starts_with(dir + "binlogs/")) continue;
      manifest.files.push_back({key.substr(dir.size()), static_cast<int64_t>(data.size()), crc32c(data)});
    }
    const auto files = with_manifest ? meta::encode_meta_files(info_, manifest) : meta::encode_meta_files(info_);
    for (const auto& [file, content] : files) store_.set(meta::meta_key(dir, file), content);
  }
  meta::BackupInfo& mutable_info() { return info_; }

 private:
  meta::FieldBinlog file_entry(meta::BinlogKind kind, const meta::SegmentBackupInfo& segment, int64_t field,
                               int64_t log_id) {
    const std::string content = "binlog " + std::to_string(log_id) + std::string(static_cast<size_t>(50 + log_id % 97), 'x');
    const std::string key = kind == meta::BinlogKind::kInsert ? insert_key(segment.segment_id, field)
                                                              : delta_key(segment.segment_id);
    store_.set(dir + key, content);
    const std::string source = (kind == meta::BinlogKind::kInsert ? "files/insert_log/1/2/" : "files/delta_log/1/2/") +
                               std::to_string(segment.segment_id) + "/" +
                               (kind == meta::BinlogKind::kInsert ? std::to_string(field) + "/" : "") +
                               std::to_string(log_id);
    meta::FieldBinlog entry;
    entry.field_id = field;
    entry.binlogs.emplace_back();
    entry.binlogs[0].log_path = source;
    entry.binlogs[0].log_size = static_cast<int64_t>(content.size());
    entry.binlogs[0].log_id = log_id;
    return entry;
  }

  testing::MemoryStore store_;
  meta::BackupInfo info_;
};

}  // namespace mb::verify
