// A collection made queryable for --verify and put back as it was found. Milvus 2.3 loads only a
// collection whose vector fields all have an index; when allowed (the freshly restored target),
// a vector field without one gets a FLAT index (exact search) that is dropped again afterwards.
//
// Verify releases only a load it made: a collection loaded (or loading) before verify came stays
// loaded. Verifies running in this process at the same time (collections restored in parallel,
// restores run by the server) share a load: the one finding the collection not loaded loads it,
// the others join that load, and the last of them to finish releases it.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "milvus/milvus_client.h"
#include "util/cancellation.h"
#include "util/error.h"

namespace mb::restore {

struct LoadSettings {
  std::chrono::milliseconds poll_interval{std::chrono::seconds(1)};
  std::chrono::milliseconds timeout{std::chrono::minutes(30)};  // a large collection loads slowly
};

// A Milvus and the address that names it: verifies whose clients name the same address share the
// loads they make there. Spelled differently (localhost and 127.0.0.1), one Milvus is two.
struct MilvusServer {
  milvus::MilvusClient* client = nullptr;
  std::string address{};  // HOST:PORT
};

class LoadedCollection {
 public:
  // `vector_fields`: name and data type of every vector field. Error(kNotFound) when a vector
  // field has no index and `may_add_index` is false; Error(kTimeout) when loading takes longer than
  // settings.timeout; Error(kCancelled) when `cancel` is set while waiting for the load.
  static Result<LoadedCollection> load(const MilvusServer& server, std::string db, std::string collection,
                                       const std::vector<std::pair<std::string, milvus::schema_pb::DataType>>& vector_fields,
                                       bool may_add_index, const LoadSettings& settings,
                                       const CancellationToken* cancel);

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
  LoadedCollection(const MilvusServer& server, std::string db, std::string collection)
      : server_(server), db_(std::move(db)), collection_(std::move(collection)) {}
  std::string label() const { return db_ + "." + collection_; }
  Status start_loading();
  Status wait_loaded(const LoadSettings& settings, const CancellationToken* cancel);
  void restore_state() noexcept;

  MilvusServer server_;  // client null once moved from
  std::string db_;
  std::string collection_;
  bool shares_load_ = false;  // holds a share of a load made by a verify of this process
  std::vector<std::string> added_indexes_;  // index names
  std::vector<std::string> added_fields_;
  std::vector<milvus::IndexInfo> indexes_;
};

}  // namespace mb::restore
