// Milvus-style binlog files in a MemoryStore, for tests of what the backup lists and copies.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "memory_store.h"
#include "milvus/milvus_types.h"

namespace mb::backup::testing {

// "<root>/insert_log/C/P/S/F/L"
inline std::string insert_key(const std::string& root, int64_t c, int64_t p, int64_t s, int64_t f, int64_t l) {
  return root + "/insert_log/" + std::to_string(c) + "/" + std::to_string(p) + "/" + std::to_string(s) + "/" +
         std::to_string(f) + "/" + std::to_string(l);
}

// "<root>/delta_log/C/P/S/L"
inline std::string delta_key(const std::string& root, int64_t c, int64_t p, int64_t s, int64_t l) {
  return root + "/delta_log/" + std::to_string(c) + "/" + std::to_string(p) + "/" + std::to_string(s) + "/" +
         std::to_string(l);
}

// Content that differs per key, so a copy to the wrong place shows.
inline std::string content_of(const std::string& key, size_t size) {
  std::string data(size, '\0');
  for (size_t i = 0; i < size; ++i) data[i] = static_cast<char>(key[i % key.size()] + static_cast<char>(i));
  return data;
}

struct SegmentFilesSpec {
  int64_t collection = 0;
  int64_t partition = 0;
  int64_t segment = 0;
  std::vector<int64_t> fields{};
  int files_per_field = 1;
  int delta_files = 0;
  size_t file_size = 100;
};

// Writes the segment's files; log ids count up from segment*1000. Returns the bytes written.
inline int64_t add_segment_files(mb::testing::MemoryStore& store, const std::string& root,
                                 const SegmentFilesSpec& spec) {
  int64_t bytes = 0;
  int64_t log_id = spec.segment * 1000;
  for (int64_t field : spec.fields) {
    for (int i = 0; i < spec.files_per_field; ++i) {
      const auto key = insert_key(root, spec.collection, spec.partition, spec.segment, field, ++log_id);
      store.set(key, content_of(key, spec.file_size));
      bytes += static_cast<int64_t>(spec.file_size);
    }
  }
  for (int i = 0; i < spec.delta_files; ++i) {
    const auto key = delta_key(root, spec.collection, spec.partition, spec.segment, ++log_id);
    store.set(key, content_of(key, spec.file_size / 2));
    bytes += static_cast<int64_t>(spec.file_size / 2);
  }
  return bytes;
}

inline milvus::SegmentInfo flushed_segment(int64_t collection, int64_t partition, int64_t segment, int64_t rows,
                                           milvus::common_pb::SegmentLevel level = milvus::common_pb::Legacy) {
  return milvus::SegmentInfo{.id = segment,
                             .collection_id = collection,
                             .partition_id = partition,
                             .num_rows = rows,
                             .state = milvus::common_pb::Flushed,
                             .level = level,
                             .is_sorted = false,
                             .storage_version = 0};
}

}  // namespace mb::backup::testing
