#include "verify/structure_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "meta/backup_layout.h"
#include "meta/meta_files.h"
#include "meta/meta_json.h"
#include "meta/text_split.h"
#include "util/crc32c.h"

namespace mb::verify {
namespace {

std::string meta_key(std::string_view file) { return std::string(meta::kMetaDirName) + "/" + std::string(file); }

std::string hex(uint32_t crc) { return fmt::format("{:08x}", crc); }

class Checker {
 public:
  Checker(const BackupFiles& files, const Scope& scope) : files_(files), scope_(scope) {}

  StructureResult run() {
    check_manifest();
    const auto decoded = decode_each();
    if (!result_.info) return std::move(result_);
    check_agreement(decoded);
    check_sizes(*result_.info);
    for (const auto& collection : result_.info->collection_backups) {
      if (in_scope(collection.collection_id)) check_collection(collection);
    }
    check_manifest_against_meta();
    if (files_.whole_backup) find_unaccounted();
    return std::move(result_);
  }

 private:
  struct Decoded {
    std::optional<meta::BackupInfo> backup_level;
    std::optional<std::vector<meta::CollectionBackupInfo>> collections;
    std::optional<std::vector<meta::PartitionBackupInfo>> partitions;
    std::optional<std::vector<meta::SegmentBackupInfo>> segments;
    std::optional<meta::BackupInfo> full;
  };

  bool in_scope(int64_t collection_id) const {
    return !scope_.collection_ids || scope_.collection_ids->contains(collection_id);
  }

  void problem(std::string_view kind, std::string key, std::string message, std::string expected = {},
               std::string found = {}, std::string collection = {}) {
    result_.problems.push_back(Problem{.backup = files_.name,
                                       .collection = std::move(collection),
                                       .key = std::move(key),
                                       .kind = std::string(kind),
                                       .expected = std::move(expected),
                                       .found = std::move(found),
                                       .message = std::move(message)});
  }

  const std::string* meta_text(std::string_view file) const {
    const auto it = files_.meta.find(meta_key(file));
    return it == files_.meta.end() ? nullptr : &it->second;
  }

  // Our manifest, and through it the checksum of every meta file: one flipped byte anywhere in the
  // meta is found, even where the JSON still parses.
  void check_manifest() {
    const std::string* text = meta_text(meta::kBackupManifestFile);
    if (text == nullptr) {
      result_.unchecked.push_back(
          "CRC32C of the binlogs and the meta files: the backup has no meta/milvus_backup_cpp.json (a backup "
          "made by the Go tool); sizes are checked against the meta's log_size");
      return;
    }
    ++result_.files_checked;
    auto manifest = meta::decode_backup_manifest(*text, meta_key(meta::kBackupManifestFile));
    if (!manifest) {
      problem(kUnreadable, meta_key(meta::kBackupManifestFile), manifest.error().message);
      return;
    }
    if (!manifest->sealed) {
      result_.unchecked.push_back(
          "CRC32C of the meta files: the manifest was written by an older version that did not record them");
    }
    for (const auto& file : manifest->meta_files) {
      const auto it = files_.meta.find(file.key);
      if (it == files_.meta.end()) {
        problem(kMissing, file.key, "a meta file the manifest lists is missing");
        continue;
      }
      const uint32_t crc = crc32c(it->second);
      if (static_cast<int64_t>(it->second.size()) != file.size) {
        problem(kWrongSize, file.key, "the meta file does not have the size the manifest records",
                std::to_string(file.size), std::to_string(it->second.size()));
      } else if (crc != file.crc32c) {
        problem(kChecksum, file.key, "the meta file does not match its CRC32C in the manifest", hex(file.crc32c),
                hex(crc));
      }
    }
    result_.manifest = std::move(*manifest);
  }

  template <typename T, typename Decode>
  std::optional<T> decode_one(std::string_view file, Decode decode) {
    const std::string* text = meta_text(file);
    if (text == nullptr) return std::nullopt;
    ++result_.files_checked;
    auto decoded = decode(*text, meta_key(file));
    if (!decoded) {
      problem(kUnreadable, meta_key(file), decoded.error().message);
      return std::nullopt;
    }
    return std::move(*decoded);
  }

  Decoded decode_each() {
    Decoded d;
    d.backup_level = decode_one<meta::BackupInfo>(meta::kBackupMetaFile, meta::decode_backup_info);
    d.collections =
        decode_one<std::vector<meta::CollectionBackupInfo>>(meta::kCollectionMetaFile, meta::decode_collection_level);
    d.partitions =
        decode_one<std::vector<meta::PartitionBackupInfo>>(meta::kPartitionMetaFile, meta::decode_partition_level);
    d.segments = decode_one<std::vector<meta::SegmentBackupInfo>>(meta::kSegmentMetaFile, meta::decode_segment_level);
    d.full = decode_one<meta::BackupInfo>(meta::kFullMetaFile, meta::decode_backup_info);

    const bool level_files = meta_text(meta::kBackupMetaFile) && meta_text(meta::kCollectionMetaFile) &&
                             meta_text(meta::kPartitionMetaFile) && meta_text(meta::kSegmentMetaFile);
    if (meta_text(meta::kFullMetaFile) == nullptr) {
      // Our backups always have it; a Go backup of old versions may stand on its level files.
      if (result_.manifest || !level_files) {
        problem(kMissing, meta_key(meta::kFullMetaFile), "the backup has no meta/full_meta.json");
      } else {
        result_.unchecked.push_back("agreement with meta/full_meta.json: the backup has none, its level files stand for it");
      }
    }
    for (const auto file : {meta::kBackupMetaFile, meta::kCollectionMetaFile, meta::kPartitionMetaFile,
                            meta::kSegmentMetaFile}) {
      if (meta_text(file) == nullptr) problem(kMissing, meta_key(file), "a meta file of the backup is missing");
    }
    if (d.full) {
      result_.info = *d.full;
    } else if (d.backup_level && d.collections && d.partitions && d.segments) {
      auto assembled = meta::decode_meta_files([&](std::string_view file) -> Result<std::optional<std::string>> {
        const std::string* text = file == meta::kFullMetaFile ? nullptr : meta_text(file);
        return text ? std::optional<std::string>(*text) : std::nullopt;
      });
      if (assembled) result_.info = std::move(*assembled);
    }
    return d;
  }

  void disagree(std::string_view file, std::string what, std::string expected, std::string found) {
    problem(kMetaDisagrees, meta_key(file), what + " differs from meta/full_meta.json", std::move(expected),
            std::move(found));
  }

  // The level files are the Go tool's split of full_meta.json; each must say what it says.
  void check_agreement(const Decoded& d) {
    if (!d.full) return;
    const meta::BackupInfo& full = *d.full;
    if (d.backup_level) {
      const auto& b = *d.backup_level;
      if (b.id != full.id) disagree(meta::kBackupMetaFile, "the backup id", full.id, b.id);
      if (b.name != full.name) disagree(meta::kBackupMetaFile, "the backup name", full.name, b.name);
      if (b.size != full.size) {
        disagree(meta::kBackupMetaFile, "the backup size", std::to_string(full.size), std::to_string(b.size));
      }
    }
    std::map<int64_t, const meta::CollectionBackupInfo*> collections;
    std::map<std::pair<int64_t, int64_t>, const meta::PartitionBackupInfo*> partitions;
    std::map<int64_t, const meta::SegmentBackupInfo*> segments;
    for (const auto& c : full.collection_backups) {
      collections[c.collection_id] = &c;
      for (const auto& p : c.partition_backups) {
        partitions[{c.collection_id, p.partition_id}] = &p;
        for (const auto& s : p.segment_backups) segments[s.segment_id] = &s;
      }
    }
    if (d.collections) {
      std::set<int64_t> seen;
      for (const auto& c : *d.collections) {
        seen.insert(c.collection_id);
        const auto it = collections.find(c.collection_id);
        const std::string id = "collection " + std::to_string(c.collection_id);
        if (it == collections.end()) {
          disagree(meta::kCollectionMetaFile, id, "absent", "present");
        } else if (c.db_name != it->second->db_name || c.collection_name != it->second->collection_name) {
          disagree(meta::kCollectionMetaFile, id + "'s name", it->second->db_name + "." + it->second->collection_name,
                   c.db_name + "." + c.collection_name);
        } else if (c.schema != it->second->schema) {
          disagree(meta::kCollectionMetaFile, id + "'s schema", "the schema of full_meta.json", "another schema");
        }
      }
      for (const auto& [id, c] : collections) {
        if (!seen.contains(id)) disagree(meta::kCollectionMetaFile, "collection " + std::to_string(id), "present", "absent");
      }
    }
    if (d.partitions) {
      std::set<std::pair<int64_t, int64_t>> seen;
      for (const auto& p : *d.partitions) {
        seen.insert({p.collection_id, p.partition_id});
        const auto it = partitions.find({p.collection_id, p.partition_id});
        const std::string id = "partition " + std::to_string(p.partition_id);
        if (it == partitions.end()) {
          disagree(meta::kPartitionMetaFile, id, "absent", "present");
        } else if (p.partition_name != it->second->partition_name) {
          disagree(meta::kPartitionMetaFile, id + "'s name", it->second->partition_name, p.partition_name);
        }
      }
      for (const auto& [id, p] : partitions) {
        if (!seen.contains(id)) {
          disagree(meta::kPartitionMetaFile, "partition " + std::to_string(id.second), "present", "absent");
        }
      }
    }
    if (d.segments) {
      std::set<int64_t> seen;
      for (const auto& s : *d.segments) {
        seen.insert(s.segment_id);
        const auto it = segments.find(s.segment_id);
        const std::string id = "segment " + std::to_string(s.segment_id);
        if (it == segments.end()) {
          disagree(meta::kSegmentMetaFile, id, "absent", "present");
          continue;
        }
        const auto& f = *it->second;
        if (s.num_of_rows != f.num_of_rows) {
          disagree(meta::kSegmentMetaFile, id + "'s row count", std::to_string(f.num_of_rows),
                   std::to_string(s.num_of_rows));
        } else if (s.size != f.size) {
          disagree(meta::kSegmentMetaFile, id + "'s size", std::to_string(f.size), std::to_string(s.size));
        } else if (s.binlogs != f.binlogs || s.deltalogs != f.deltalogs) {
          disagree(meta::kSegmentMetaFile, id + "'s binlog list", "the list of full_meta.json", "another list");
        } else if (s.partition_id != f.partition_id || s.collection_id != f.collection_id ||
                   s.group_id != f.group_id) {
          disagree(meta::kSegmentMetaFile, id + "'s place", "the place of full_meta.json", "another place");
        }
      }
      for (const auto& [id, s] : segments) {
        if (!seen.contains(id)) disagree(meta::kSegmentMetaFile, "segment " + std::to_string(id), "present", "absent");
      }
    }
  }

  static int64_t log_sizes(const std::vector<meta::FieldBinlog>& logs) {
    int64_t total = 0;
    for (const auto& field : logs) {
      for (const auto& binlog : field.binlogs) total += binlog.log_size;
    }
    return total;
  }

  // A segment's size is its files' sizes, a partition's its segments', and so up to the backup.
  void check_sizes(const meta::BackupInfo& info) {
    const std::string full = meta_key(meta::kFullMetaFile);
    int64_t backup_total = 0;
    for (const auto& c : info.collection_backups) {
      const std::string label = c.db_name + "." + c.collection_name;
      int64_t collection_total = 0;
      for (const auto& p : c.partition_backups) {
        int64_t partition_total = 0;
        for (const auto& s : p.segment_backups) {
          const int64_t files = log_sizes(s.binlogs) + log_sizes(s.deltalogs);
          if (files != s.size && in_scope(c.collection_id)) {
            problem(kSizesDisagree, full, fmt::format("segment {}'s size is not the sum of its files' sizes", s.segment_id),
                    std::to_string(files), std::to_string(s.size), label);
          }
          partition_total += s.size;
        }
        if (partition_total != p.size && in_scope(c.collection_id)) {
          problem(kSizesDisagree, full,
                  fmt::format("partition {}'s size is not the sum of its segments' sizes", p.partition_name),
                  std::to_string(partition_total), std::to_string(p.size), label);
        }
        collection_total += p.size;
      }
      if (c.l0_segments.empty() && collection_total != c.size && in_scope(c.collection_id)) {
        problem(kSizesDisagree, full, "the collection's size is not the sum of its partitions' sizes",
                std::to_string(collection_total), std::to_string(c.size), label);
      }
      backup_total += c.size;
    }
    if (backup_total != info.size && !scope_.collection_ids) {
      problem(kSizesDisagree, full, "the backup's size is not the sum of its collections' sizes",
              std::to_string(backup_total), std::to_string(info.size));
    }
  }

  // The numbers after "insert_log/" or "delta_log/" in a Milvus key. v0.4 on local storage listed
  // directories as binlogs: an insert path that ends at the field (4 numbers, not 5), a delta path
  // that ends at the segment.
  static bool is_directory_entry(const meta::Binlog& binlog, meta::BinlogKind kind) {
    const std::string_view dir = kind == meta::BinlogKind::kInsert ? "insert_log/" : "delta_log/";
    const size_t at = binlog.log_path.rfind(dir);
    if (at == std::string::npos || (at > 0 && binlog.log_path[at - 1] != '/')) return false;
    std::string_view rest = std::string_view(binlog.log_path).substr(at + dir.size());
    if (rest.ends_with('/')) rest.remove_suffix(1);
    const size_t levels = meta::split(rest, '/').size();
    return levels == (kind == meta::BinlogKind::kInsert ? 4u : 3u);
  }

  // Where the backup keeps a segment's files: group level for segments of a group, none for
  // v0.4 backups (group 0) and L0 segments.
  static std::string segment_prefix(meta::BinlogKind kind, int64_t collection, int64_t partition, int64_t group,
                                    int64_t segment) {
    const auto kind_dir = kind == meta::BinlogKind::kInsert ? meta::kInsertLogDirName : meta::kDeltaLogDirName;
    const std::string c = std::to_string(collection), p = std::to_string(partition), s = std::to_string(segment);
    if (group == 0 || partition == meta::kAllPartitionsId) {
      return meta::join_key({meta::kBinlogDirName, kind_dir, c, p, s}) + "/";
    }
    return meta::join_key({meta::kBinlogDirName, kind_dir, c, p, std::to_string(group), s}) + "/";
  }

  void check_file(const std::string& key, int64_t meta_size, const std::string& label) {
    named_.insert(key);
    ++result_.files_checked;
    const auto listed = files_.objects.find(key);
    const meta::ManifestFile* recorded = nullptr;
    if (result_.manifest) {
      if (const auto it = manifest_index().find(key); it != manifest_index().end()) recorded = it->second;
    }
    if (listed == files_.objects.end()) {
      problem(kMissing, key, "a binlog the meta names is missing from the backup", {}, {}, label);
      return;
    }
    if (result_.manifest && recorded == nullptr) {
      problem(kNotInManifest, key, "a binlog the meta names is not in the manifest", {}, {}, label);
    }
    const int64_t expected = recorded ? recorded->size : meta_size;
    if (static_cast<int64_t>(listed->second) != expected) {
      problem(kWrongSize, key, recorded ? "the binlog does not have the size the manifest records"
                                        : "the binlog does not have the size the meta records (log_size)",
              std::to_string(expected), std::to_string(listed->second), label);
      return;
    }
    if (recorded) {
      result_.data_files.push_back(
          DataFile{.key = key, .size = static_cast<uint64_t>(recorded->size), .crc32c = recorded->crc32c, .collection = label});
    }
  }

  void check_directory(const std::string& prefix, const std::string& label) {
    named_prefixes_.insert(prefix);
    ++directories_;
    const auto it = files_.objects.lower_bound(prefix);
    if (it == files_.objects.end() || !it->first.starts_with(prefix)) {
      problem(kMissing, prefix, "the meta names this directory as a binlog, and nothing is under it", {}, {}, label);
    }
  }

  void check_logs(const meta::CollectionBackupInfo& c, const meta::SegmentBackupInfo& s, meta::BinlogKind kind,
                  const std::string& label) {
    const auto& logs = kind == meta::BinlogKind::kInsert ? s.binlogs : s.deltalogs;
    const std::string prefix = segment_prefix(kind, c.collection_id, s.partition_id, s.group_id, s.segment_id);
    for (const auto& field : logs) {
      for (const auto& binlog : field.binlogs) {
        if (is_directory_entry(binlog, kind)) {
          std::string_view path = binlog.log_path;
          if (path.ends_with('/')) path.remove_suffix(1);
          const std::string last(path.substr(path.rfind('/') + 1));
          check_directory(kind == meta::BinlogKind::kInsert ? prefix + last + "/" : prefix, label);
          continue;
        }
        if (binlog.log_id == 0) {
          problem(kUnreadable, meta_key(meta::kFullMetaFile),
                  fmt::format("segment {} lists a binlog without a log id ({})", s.segment_id, binlog.log_path), {},
                  {}, label);
          continue;
        }
        const std::string key = kind == meta::BinlogKind::kInsert
                                    ? prefix + std::to_string(field.field_id) + "/" + std::to_string(binlog.log_id)
                                    : prefix + std::to_string(binlog.log_id);
        check_file(key, binlog.log_size, label);
      }
    }
  }

  // The Go restore refuses a segment whose fields have different numbers of binlogs ("misaligned
  // binlog count"); Milvus cannot import a segment that lacks a field.
  void check_fields(const meta::CollectionBackupInfo& c, const meta::SegmentBackupInfo& s, const std::string& label) {
    if (s.is_l0 || s.num_of_rows == 0 || !c.schema) return;
    const std::string key = segment_prefix(meta::BinlogKind::kInsert, c.collection_id, s.partition_id, s.group_id,
                                           s.segment_id);
    std::map<int64_t, size_t> files_per_field;
    bool directories = false;
    for (const auto& field : s.binlogs) {
      for (const auto& binlog : field.binlogs) directories |= is_directory_entry(binlog, meta::BinlogKind::kInsert);
      files_per_field[field.field_id] += field.binlogs.size();
    }
    if (s.storage_version < 2) {
      for (const auto& field : c.schema->fields) {
        if (!files_per_field.contains(field.field_id)) {
          problem(kMissingField, key,
                  fmt::format("segment {} has no insert binlogs for field {} ({})", s.segment_id, field.field_id,
                              field.name),
                  "binlogs of field " + std::to_string(field.field_id), "none", label);
        }
      }
    }
    if (directories) return;  // a directory entry holds any number of files
    const auto [min, max] = std::minmax_element(files_per_field.begin(), files_per_field.end(),
                                                [](const auto& a, const auto& b) { return a.second < b.second; });
    if (min != files_per_field.end() && min->second != max->second) {
      problem(kMisaligned, key,
              fmt::format("segment {}: field {} has {} binlog(s), field {} has {}", s.segment_id, min->first,
                          min->second, max->first, max->second),
              std::to_string(max->second), std::to_string(min->second), label);
    }
  }

  void check_collection(const meta::CollectionBackupInfo& c) {
    const std::string label = c.db_name + "." + c.collection_name;
    auto check_segment = [&](const meta::SegmentBackupInfo& s) {
      check_fields(c, s, label);
      check_logs(c, s, meta::BinlogKind::kInsert, label);
      check_logs(c, s, meta::BinlogKind::kDelta, label);
      if (!s.is_l0 && s.num_of_rows > 0 && s.binlogs.empty()) {
        problem(kMissing, segment_prefix(meta::BinlogKind::kInsert, c.collection_id, s.partition_id, s.group_id,
                                         s.segment_id),
                fmt::format("segment {} has {} rows and no insert binlogs", s.segment_id, s.num_of_rows), {}, {}, label);
      }
    };
    for (const auto& p : c.partition_backups) {
      for (const auto& s : p.segment_backups) check_segment(s);
    }
    for (const auto& s : c.l0_segments) check_segment(s);
  }

  const std::map<std::string_view, const meta::ManifestFile*>& manifest_index() {
    if (manifest_index_.empty() && result_.manifest) {
      for (const auto& file : result_.manifest->files) manifest_index_.emplace(file.key, &file);
    }
    return manifest_index_;
  }

  // A manifest file that no binlog of the meta names: the meta lost a segment, or the manifest
  // was damaged in a way its seal cannot show (an unsealed one).
  void check_manifest_against_meta() {
    if (directories_ > 0) {
      result_.unchecked.push_back(fmt::format(
          "sizes of {} binlog entries that the meta lists as directories (the Go tool v0.4 on local storage): "
          "checked that each holds objects",
          directories_));
    }
    if (!result_.manifest) return;
    for (const auto& file : result_.manifest->files) {
      if (named_.contains(file.key)) continue;
      const auto ids = collection_of(file.key);
      if (ids && !in_scope(*ids)) continue;
      problem(kNotInMeta, file.key, "a file the manifest lists is not named by the meta");
    }
  }

  // binlogs/<kind>/<collection id>/...
  static std::optional<int64_t> collection_of(std::string_view key) {
    const auto parts = meta::split(key, '/');
    if (parts.size() < 3) return std::nullopt;
    int64_t id = 0;
    const auto [end, error] = std::from_chars(parts[2].data(), parts[2].data() + parts[2].size(), id);
    if (error != std::errc() || end != parts[2].data() + parts[2].size()) return std::nullopt;
    return id;
  }

  void find_unaccounted() {
    const std::string meta_dir = std::string(meta::kMetaDirName) + "/";
    const std::string journal_dir = std::string(meta::kRestoreJournalDirName) + "/";
    for (const auto& [key, size] : files_.objects) {
      if (key.starts_with(meta_dir) || key.starts_with(journal_dir) || key == meta::kBackupLockFileName) continue;
      if (named_.contains(key)) continue;
      bool under_directory = false;
      for (const auto& prefix : named_prefixes_) under_directory |= key.starts_with(prefix);
      if (!under_directory) result_.unaccounted.push_back(key);
    }
  }

  const BackupFiles& files_;
  const Scope& scope_;
  StructureResult result_;
  std::set<std::string, std::less<>> named_;           // binlog keys the meta names
  std::set<std::string, std::less<>> named_prefixes_;  // directories the meta names
  std::map<std::string_view, const meta::ManifestFile*> manifest_index_;
  uint64_t directories_ = 0;
};

}  // namespace

StructureResult check_structure(const BackupFiles& files, const Scope& scope) { return Checker(files, scope).run(); }

}  // namespace mb::verify
