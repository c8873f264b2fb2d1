#include "restore/loaded_collection.h"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <tuple>

#include "util/log.h"

namespace mb::restore {
namespace {

// An index name that says who made it, should it ever outlive a crash.
constexpr const char* kVerifyIndexPrefix = "milvus_backup_verify_";

std::string flat_metric(milvus::schema_pb::DataType type) {
  return type == milvus::schema_pb::BinaryVector ? "HAMMING" : "L2";
}

// The loads verifies of this process made, by (address, db, collection), with how many
// LoadedCollections share each. Why a count: the load state cannot tell a verify whether another
// verify loaded the collection a moment ago and still uses it; the count lets the last one release.
// Verifies in other processes are not seen: a collection one of them loaded looks loaded from
// before, so this process leaves it loaded. Each collection has its own mutex, held over the state
// check and the LoadCollection, and over the ReleaseCollection, so that no verify sees it between
// another's check and its load, or between its release and the count's drop. Those calls can take
// long on a struggling Milvus, so a mutex per collection keeps verifies of other collections (and
// other servers) from waiting on them.
struct CollectionLoad {
  std::mutex mutex;
  int holders = 0;
};

class SharedLoads {
 public:
  std::shared_ptr<CollectionLoad> of(const std::string& address, const std::string& db, const std::string& collection) {
    std::lock_guard lock(mutex_);
    auto& entry = by_collection_[std::tuple(address, db, collection)];
    if (!entry) entry = std::make_shared<CollectionLoad>();
    return entry;
  }

 private:
  std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, std::string>, std::shared_ptr<CollectionLoad>> by_collection_;
};

SharedLoads& shared_loads() {
  static SharedLoads loads;
  return loads;
}

}  // namespace

Result<LoadedCollection> LoadedCollection::load(
    const MilvusServer& server, std::string db, std::string collection,
    const std::vector<std::pair<std::string, milvus::schema_pb::DataType>>& vector_fields, bool may_add_index,
    const LoadSettings& settings, const CancellationToken* cancel) {
  LoadedCollection loaded(server, std::move(db), std::move(collection));
  milvus::MilvusClient& client = *server.client;
  MB_TRY(indexes, client.describe_index(loaded.db_, loaded.collection_));
  for (const auto& [field, type] : vector_fields) {
    const bool indexed = std::any_of(indexes.begin(), indexes.end(),
                                     [&](const milvus::IndexInfo& index) { return index.field_name == field; });
    if (indexed) continue;
    if (!may_add_index) {
      return fail(Error(ErrorCode::kNotFound, "the vector field has no index, so the collection cannot be loaded")
                      .with("collection", loaded.label())
                      .with("field", field));
    }
    const std::string name = kVerifyIndexPrefix + field;
    MB_CHECK(client.create_index({.db = loaded.db_, .collection = loaded.collection_, .field_name = field,
                                  .index_name = name,
                                  .params = {{"index_type", "FLAT"}, {"metric_type", flat_metric(type)}}}));
    loaded.added_indexes_.push_back(name);
    loaded.added_fields_.push_back(field);
    spdlog::info("verify added a FLAT index to load collection={} field={}", loaded.label(), field);
  }
  if (!loaded.added_indexes_.empty()) {
    MB_TRY(described, client.describe_index(loaded.db_, loaded.collection_));
    indexes = std::move(described);
  }
  loaded.indexes_ = std::move(indexes);
  MB_CHECK(loaded.start_loading());
  MB_CHECK(loaded.wait_loaded(settings, cancel));
  return loaded;
}

Status LoadedCollection::start_loading() {
  const auto load = shared_loads().of(server_.address, db_, collection_);
  std::lock_guard lock(load->mutex);
  if (load->holders > 0) {
    ++load->holders;
    shares_load_ = true;
    return {};
  }
  MB_TRY(state, server_.client->get_load_state(db_, collection_));
  // Loaded, or being loaded, by someone else: theirs to release.
  if (state != milvus::common_pb::LoadStateNotLoad) return {};
  MB_CHECK(server_.client->load_collection(db_, collection_));
  load->holders = 1;
  shares_load_ = true;
  return {};
}

Status LoadedCollection::wait_loaded(const LoadSettings& settings, const CancellationToken* cancel) {
  const auto deadline = std::chrono::steady_clock::now() + settings.timeout;
  while (true) {
    if (cancel != nullptr && cancel->cancelled()) {
      return fail(Error(ErrorCode::kCancelled, "verify cancelled while the collection was loading")
                      .with("collection", label()));
    }
    MB_TRY(state, server_.client->get_load_state(db_, collection_));
    if (state == milvus::common_pb::LoadStateLoaded) return {};
    if (std::chrono::steady_clock::now() >= deadline) {
      return fail(Error(ErrorCode::kTimeout, "the collection did not finish loading")
                      .with("collection", label())
                      .with("state", milvus::common_pb::LoadState_Name(state)));
    }
    std::this_thread::sleep_for(settings.poll_interval);
  }
}

LoadedCollection::LoadedCollection(LoadedCollection&& other) noexcept
    : server_{std::exchange(other.server_.client, nullptr), std::move(other.server_.address)},
      db_(std::move(other.db_)),
      collection_(std::move(other.collection_)),
      shares_load_(other.shares_load_),
      added_indexes_(std::move(other.added_indexes_)),
      added_fields_(std::move(other.added_fields_)),
      indexes_(std::move(other.indexes_)) {}

LoadedCollection::~LoadedCollection() { restore_state(); }

bool LoadedCollection::index_added(const std::string& field) const {
  return std::find(added_fields_.begin(), added_fields_.end(), field) != added_fields_.end();
}

// An index cannot be dropped while the collection is loaded, so the load is given up first. Where
// verify added an index, its share is the only one and the release happens: Milvus cannot load a
// collection with an unindexed vector field, so this verify made the load, and no other verify
// uses the collection it just restored.
void LoadedCollection::restore_state() noexcept {
  if (server_.client == nullptr) return;
  if (shares_load_) {
    const auto load = shared_loads().of(server_.address, db_, collection_);
    std::lock_guard lock(load->mutex);
    if (--load->holders == 0) {
      if (auto released = server_.client->release_collection(db_, collection_); !released) {
        spdlog::warn("verify could not release collection={} error={}", label(), released.error().to_string());
      }
    }
  }
  for (const auto& name : added_indexes_) {
    if (auto dropped = server_.client->drop_index(db_, collection_, name); !dropped) {
      spdlog::warn("verify could not drop its index collection={} index={} error={}", label(), name,
                   dropped.error().to_string());
    }
  }
}

}  // namespace mb::restore
