// A collection made queryable for --verify and put back as it was found. Milvus 2.3 loads only a
// collection whose vector fields all have an index; when allowed (the freshly restored target),
// a vector field without one gets a FLAT index (exact search) that is dropped again afterwards.
// A collection that was not loaded is released again.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "milvus/milvus_client.h"
#include "util/error.h"

namespace mb::restore {

struct LoadSettings {
  std::chrono::milliseconds poll_interval{std::chrono::seconds(1)};
  std::chrono::milliseconds timeout{std::chrono::minutes(30)};  // a large collection loads slowly
};

class LoadedCollection {
 public:
  // `vector_fields`: name and data type of every vector field. Error(kNotFound) when a vector
  // field has no index and `may_add_index` is false; Error(kTimeout) when loading takes longer than
  // settings.timeout.
  static Result<LoadedCollection> load(milvus::MilvusClient& client, std::string db, std::string collection,
                                       const std::vector<std::pair<std::string, milvus::schema_pb::DataType>>& vector_fields,
                                       bool may_add_index, const LoadSettings& settings);

  LoadedCollection(LoadedCollection&& other) noexcept;
  LoadedCollection& operator=(LoadedCollection&&) = delete;
  LoadedCollection(const LoadedCollection&) = delete;
  LoadedCollection& operator=(const LoadedCollection&) = delete;
  ~LoadedCollection();  // releases and drops what load() added; failures are logged

  // The collection's indexes as loaded, the FLAT ones added by load() included.
  const std::vector<milvus::IndexInfo>& indexes() const { return indexes_; }
  // True when load() added the index of `field`.
  bool index_added(const std::string& field) const;

 private:
  LoadedCollection(milvus::MilvusClient& client, std::string db, std::string collection)
      : client_(&client), db_(std::move(db)), collection_(std::move(collection)) {}
  void restore_state() noexcept;

  milvus::MilvusClient* client_ = nullptr;  // null once moved from
  std::string db_;
  std::string collection_;
  bool loaded_here_ = false;
  std::vector<std::string> added_indexes_;  // index names
  std::vector<std::string> added_fields_;
  std::vector<milvus::IndexInfo> indexes_;
};

}  // namespace mb::restore
