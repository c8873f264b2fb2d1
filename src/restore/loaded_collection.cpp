#include "restore/loaded_collection.h"

#include <algorithm>
#include <thread>

#include "util/log.h"

namespace mb::restore {
namespace {

// An index name that says who made it, should it ever outlive a crash.
constexpr const char* kVerifyIndexPrefix = "milvus_backup_verify_";

std::string flat_metric(milvus::schema_pb::DataType type) {
  return type == milvus::schema_pb::BinaryVector ? "HAMMING" : "L2";
}

}  // namespace

Result<LoadedCollection> LoadedCollection::load(
    milvus::MilvusClient& client, std::string db, std::string collection,
    const std::vector<std::pair<std::string, milvus::schema_pb::DataType>>& vector_fields, bool may_add_index,
    const LoadSettings& settings) {
  LoadedCollection loaded(client, std::move(db), std::move(collection));
  const std::string label = loaded.db_ + "." + loaded.collection_;
  MB_TRY(state, client.get_load_state(loaded.db_, loaded.collection_));
  MB_TRY(indexes, client.describe_index(loaded.db_, loaded.collection_));
  for (const auto& [field, type] : vector_fields) {
    const bool indexed = std::any_of(indexes.begin(), indexes.end(),
                                     [&](const milvus::IndexInfo& index) { return index.field_name == field; });
    if (indexed) continue;
    if (!may_add_index) {
      return fail(Error(ErrorCode::kNotFound, "the vector field has no index, so the collection cannot be loaded")
                      .with("collection", label)
                      .with("field", field));
    }
    const std::string name = kVerifyIndexPrefix + field;
    MB_CHECK(client.create_index({.db = loaded.db_, .collection = loaded.collection_, .field_name = field,
                                  .index_name = name,
                                  .params = {{"index_type", "FLAT"}, {"metric_type", flat_metric(type)}}}));
    loaded.added_indexes_.push_back(name);
    loaded.added_fields_.push_back(field);
    spdlog::info("verify added a FLAT index to load collection={} field={}", label, field);
  }
  if (!loaded.added_indexes_.empty()) {
    MB_TRY(described, client.describe_index(loaded.db_, loaded.collection_));
    indexes = std::move(described);
  }
  loaded.indexes_ = std::move(indexes);
  if (state == milvus::common_pb::LoadStateLoaded) return loaded;

  if (state == milvus::common_pb::LoadStateNotLoad) {
    MB_CHECK(client.load_collection(loaded.db_, loaded.collection_));
    loaded.loaded_here_ = true;
  }
  const auto deadline = std::chrono::steady_clock::now() + settings.timeout;
  while (true) {
    MB_TRY(now, client.get_load_state(loaded.db_, loaded.collection_));
    if (now == milvus::common_pb::LoadStateLoaded) return loaded;
    if (std::chrono::steady_clock::now() >= deadline) {
      return fail(Error(ErrorCode::kTimeout, "the collection did not finish loading")
                      .with("collection", label)
                      .with("state", milvus::common_pb::LoadState_Name(now)));
    }
    std::this_thread::sleep_for(settings.poll_interval);
  }
}

LoadedCollection::LoadedCollection(LoadedCollection&& other) noexcept
    : client_(std::exchange(other.client_, nullptr)),
      db_(std::move(other.db_)),
      collection_(std::move(other.collection_)),
      loaded_here_(other.loaded_here_),
      added_indexes_(std::move(other.added_indexes_)),
      added_fields_(std::move(other.added_fields_)),
      indexes_(std::move(other.indexes_)) {}

LoadedCollection::~LoadedCollection() { restore_state(); }

bool LoadedCollection::index_added(const std::string& field) const {
  return std::find(added_fields_.begin(), added_fields_.end(), field) != added_fields_.end();
}

void LoadedCollection::restore_state() noexcept {
  if (client_ == nullptr) return;
  const std::string label = db_ + "." + collection_;
  // An index cannot be dropped while the collection is loaded, so an added index means release.
  if (loaded_here_ || !added_indexes_.empty()) {
    if (auto released = client_->release_collection(db_, collection_); !released) {
      spdlog::warn("verify could not release collection={} error={}", label, released.error().to_string());
    }
  }
  for (const auto& name : added_indexes_) {
    if (auto dropped = client_->drop_index(db_, collection_, name); !dropped) {
      spdlog::warn("verify could not drop its index collection={} index={} error={}", label, name,
                   dropped.error().to_string());
    }
  }
}

}  // namespace mb::restore
