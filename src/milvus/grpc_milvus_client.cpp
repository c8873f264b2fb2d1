#include "milvus/grpc_milvus_client.h"

#include <unistd.h>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>
#include <charconv>
#include <chrono>
#include <ctime>

#include "milvus/grpc_channel.h"
#include "milvus/rpc_status.h"

namespace mb::milvus {
namespace {

// How the Go tool introduces itself; Milvus lists connected clients by it.
constexpr const char* kSdkType = "BackupToolCustomSDK";

const common_pb::Status& status_of(const common_pb::Status& status) { return status; }
template <typename Response>
const common_pb::Status& status_of(const Response& response) {
  return response.status();
}

KeyValues to_key_values(const google::protobuf::RepeatedPtrField<common_pb::KeyValuePair>& pairs) {
  KeyValues out;
  out.reserve(pairs.size());
  for (const auto& pair : pairs) out.emplace_back(pair.key(), pair.value());
  return out;
}

void add_key_values(const KeyValues& pairs, google::protobuf::RepeatedPtrField<common_pb::KeyValuePair>* out) {
  for (const auto& [key, value] : pairs) {
    auto* pair = out->Add();
    pair->set_key(key);
    pair->set_value(value);
  }
}

template <typename T>
std::vector<T> to_vector(const google::protobuf::RepeatedField<T>& values) {
  return {values.begin(), values.end()};
}
std::vector<std::string> to_vector(const google::protobuf::RepeatedPtrField<std::string>& values) {
  return {values.begin(), values.end()};
}

std::string host_name() {
  std::array<char, 256> name{};
  if (gethostname(name.data(), name.size() - 1) != 0) return {};
  return name.data();
}

// Adds what the call was about beyond rpc/db/collection (a partition, an index, a task).
template <typename T>
Result<T> with_context(Result<T> result, const char* key, const std::string& value) {
  if (!result) result.error().with(key, value);
  return result;
}

bool is_unimplemented(const Error& error) {
  return error.get(kGrpcCodeKey) == to_string(grpc::StatusCode::UNIMPLEMENTED);
}

Error answer_error(std::string message, std::string_view rpc, std::string_view db, std::string_view collection) {
  Error error(ErrorCode::kMilvus, std::move(message));
  error.with("rpc", std::string(rpc));
  if (!db.empty()) error.with("db", std::string(db));
  if (!collection.empty()) error.with("collection", std::string(collection));
  return error;
}

}  // namespace

GrpcMilvusClient::GrpcMilvusClient(std::shared_ptr<grpc::Channel> channel, std::string address,
                                   std::string authorization, GrpcClientOptions options)
    : stub_(milvus_pb::MilvusService::NewStub(std::move(channel))),
      address_(std::move(address)),
      options_(options) {
  metadata_.authorization = std::move(authorization);
}

Result<std::unique_ptr<GrpcMilvusClient>> GrpcMilvusClient::connect(const config::MilvusConfig& config,
                                                                    GrpcClientOptions options) {
  MB_TRY(channel, make_channel(config));
  return connect(std::move(channel), grpc_target(config), config, options);
}

Result<std::unique_ptr<GrpcMilvusClient>> GrpcMilvusClient::connect(std::shared_ptr<grpc::Channel> channel,
                                                                    std::string address,
                                                                    const config::MilvusConfig& config,
                                                                    GrpcClientOptions options) {
  std::unique_ptr<GrpcMilvusClient> client(new GrpcMilvusClient(
      std::move(channel), std::move(address), authorization_value(config.user, config.password), options));
  MB_CHECK(client->handshake(config.user));
  return client;
}

Status GrpcMilvusClient::handshake(const std::string& user) {
  milvus_pb::ConnectRequest hello;
  auto* info = hello.mutable_client_info();
  info->set_sdk_type(kSdkType);
  info->set_sdk_version(MB_VERSION);
  info->set_local_time(fmt::format("{:%F %T %z}", fmt::localtime(std::time(nullptr))));
  info->set_user(user);
  info->set_host(host_name());
  std::string build_tags;
  if (auto connected = invoke(metadata_call("Connect"), &Stub::Connect, hello)) {
    metadata_.identifier = std::to_string(connected->identifier());
    build_tags = connected->server_info().build_tags();
  } else if (!is_unimplemented(connected.error())) {  // servers before 2.2.9 have no Connect
    return std::unexpected(std::move(connected).error());
  }

  if (auto listed = invoke(metadata_call("ListDatabases"), &Stub::ListDatabases, milvus_pb::ListDatabasesRequest())) {
    server_.multi_database = true;
  } else if (is_unimplemented(listed.error())) {
    server_.multi_database = false;
  } else {
    return std::unexpected(std::move(listed).error());
  }

  // A description ("... Compatible with Milvus 2.6") is not a version; GetVersion may have one.
  std::vector<std::string> reported{build_tags};
  if (ServerVersion::is_version_text(build_tags)) {
    server_.version_text = build_tags;
  } else {
    MB_TRY(version, get_version());
    server_.version_text = version;
    reported.push_back(std::move(version));
  }
  server_.version = ServerVersion::parse(reported);
  spdlog::info("connected to Milvus address={} version=\"{}\" reads_as={} databases={}", address_,
               server_.version_text, server_.version.to_string(), server_.multi_database);
  return {};
}

template <typename Request, typename Response>
Result<Response> GrpcMilvusClient::invoke(const Call& call, Method<Request, Response> method, const Request& request) {
  const CallSite site{call.rpc, call.db, call.collection};
  for (int attempt = 1;; ++attempt) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + call.timeout);
    metadata_.apply(context, call.db);
    Response response;
    const grpc::Status transport = (stub_.get()->*method)(&context, request, &response);
    const bool last = attempt >= options_.retry.max_attempts;
    Error error;
    if (!transport.ok()) {
      error = transport_error(transport, site, address_);
      if (last || !is_retriable(transport.error_code())) return std::unexpected(std::move(error));
    } else {
      const common_pb::Status& status = status_of(response);
      if (status_ok(status) || (call.tolerated && call.tolerated(status))) return response;
      error = milvus_error(status, site);
      if (last || !is_rate_limited(status)) return std::unexpected(std::move(error));
    }
    const auto pause = retry::backoff_delay(options_.retry, attempt, retry::next_unit_random());
    spdlog::warn("milvus call will be retried rpc={} attempt={} delay_ms={} error=\"{}\"", call.rpc, attempt,
                 pause.count(), error.to_string());
    retry::sleep_for(pause);
  }
}

Result<std::string> GrpcMilvusClient::get_version() {
  MB_TRY(response, invoke(metadata_call("GetVersion"), &Stub::GetVersion, milvus_pb::GetVersionRequest()));
  return response.version();
}

Result<std::vector<std::string>> GrpcMilvusClient::list_databases() {
  if (!server_.multi_database) return std::vector<std::string>{"default"};
  MB_TRY(response, invoke(metadata_call("ListDatabases"), &Stub::ListDatabases, milvus_pb::ListDatabasesRequest()));
  return to_vector(response.db_names());
}

Status GrpcMilvusClient::create_database(const std::string& db) {
  if (!server_.multi_database) {
    return fail(answer_error("the server has no databases (Milvus before 2.2.9)", "CreateDatabase", db, {}));
  }
  milvus_pb::CreateDatabaseRequest request;
  request.set_db_name(db);
  MB_CHECK(with_context(invoke(metadata_call("CreateDatabase"), &Stub::CreateDatabase, request), "db", db));
  return {};
}

Result<DatabaseDescription> GrpcMilvusClient::describe_database(const std::string& db) {
  milvus_pb::DescribeDatabaseRequest request;
  request.set_db_name(db);
  MB_TRY(response, invoke(metadata_call("DescribeDatabase", db), &Stub::DescribeDatabase, request));
  return DatabaseDescription{.name = response.db_name(),
                             .id = response.dbid(),
                             .created_timestamp = response.created_timestamp(),
                             .properties = to_key_values(response.properties())};
}

Result<std::vector<CollectionListing>> GrpcMilvusClient::show_collections(const std::string& db) {
  MB_TRY(response, invoke(metadata_call("ShowCollections", db), &Stub::ShowCollections,
                          milvus_pb::ShowCollectionsRequest()));
  if (response.collection_ids_size() != response.collection_names_size()) {
    return fail(answer_error(fmt::format("ShowCollections answered {} names but {} ids",
                                         response.collection_names_size(), response.collection_ids_size()),
                             "ShowCollections", db, {}));
  }
  const bool has_timestamps = response.created_timestamps_size() == response.collection_names_size();
  std::vector<CollectionListing> out;
  for (int i = 0; i < response.collection_names_size(); ++i) {
    out.push_back({.name = response.collection_names(i),
                   .id = response.collection_ids(i),
                   .created_timestamp = has_timestamps ? response.created_timestamps(i) : 0});
  }
  return out;
}

Result<bool> GrpcMilvusClient::has_collection(const std::string& db, const std::string& collection) {
  milvus_pb::HasCollectionRequest request;
  request.set_collection_name(collection);
  MB_TRY(response, invoke(metadata_call("HasCollection", db, collection), &Stub::HasCollection, request));
  return response.value();
}

Result<CollectionDescription> GrpcMilvusClient::describe_collection(const std::string& db,
                                                                    const std::string& collection) {
  milvus_pb::DescribeCollectionRequest request;
  request.set_collection_name(collection);
  MB_TRY(response, invoke(metadata_call("DescribeCollection", db, collection), &Stub::DescribeCollection, request));
  CollectionDescription out;
  out.db_name = response.db_name().empty() ? db : response.db_name();
  out.name = response.collection_name().empty() ? collection : response.collection_name();
  out.id = response.collectionid();
  out.schema = std::move(*response.mutable_schema());
  out.shards_num = response.shards_num();
  out.consistency_level = response.consistency_level();
  out.properties = to_key_values(response.properties());
  out.virtual_channels = to_vector(response.virtual_channel_names());
  out.physical_channels = to_vector(response.physical_channel_names());
  out.created_timestamp = response.created_timestamp();
  out.created_utc_timestamp = response.created_utc_timestamp();
  out.aliases = to_vector(response.aliases());
  out.num_partitions = response.num_partitions();
  out.db_id = response.db_id();
  return out;
}

Status GrpcMilvusClient::create_collection(const CreateCollectionSpec& spec) {
  const std::string& name = spec.schema.name();
  milvus_pb::CreateCollectionRequest request;
  request.set_collection_name(name);
  request.set_schema(spec.schema.SerializeAsString());
  request.set_shards_num(spec.shards_num);
  request.set_consistency_level(spec.consistency_level);
  add_key_values(spec.properties, request.mutable_properties());
  request.set_num_partitions(spec.num_partitions);
  MB_CHECK(invoke(slow_call("CreateCollection", spec.db, name), &Stub::CreateCollection, request));
  return {};
}

Status GrpcMilvusClient::drop_collection(const std::string& db, const std::string& collection) {
  milvus_pb::DropCollectionRequest request;
  request.set_collection_name(collection);
  MB_CHECK(invoke(slow_call("DropCollection", db, collection), &Stub::DropCollection, request));
  return {};
}

Status GrpcMilvusClient::rename_collection(const std::string& db, const std::string& from, const std::string& to) {
  milvus_pb::RenameCollectionRequest request;
  request.set_db_name(db.empty() ? "default" : db);
  request.set_oldname(from);
  request.set_newname(to);
  request.set_newdbname(db.empty() ? "default" : db);
  MB_CHECK(with_context(invoke(metadata_call("RenameCollection", db, from), &Stub::RenameCollection, request),
                        "new_name", to));
  return {};
}

Result<int64_t> GrpcMilvusClient::collection_row_count(const std::string& db, const std::string& collection) {
  milvus_pb::GetCollectionStatisticsRequest request;
  request.set_collection_name(collection);
  MB_TRY(response, invoke(metadata_call("GetCollectionStatistics", db, collection), &Stub::GetCollectionStatistics,
                          request));
  for (const auto& stat : response.stats()) {
    if (stat.key() != "row_count") continue;
    int64_t rows = 0;
    const auto& text = stat.value();
    if (std::from_chars(text.data(), text.data() + text.size(), rows).ec == std::errc{}) return rows;
  }
  return fail(answer_error("GetCollectionStatistics answered no row_count", "GetCollectionStatistics", db, collection));
}

Result<std::vector<PartitionInfo>> GrpcMilvusClient::show_partitions(const std::string& db,
                                                                     const std::string& collection) {
  milvus_pb::ShowPartitionsRequest request;
  request.set_collection_name(collection);
  MB_TRY(response, invoke(metadata_call("ShowPartitions", db, collection), &Stub::ShowPartitions, request));
  if (response.partitionids_size() != response.partition_names_size()) {
    return fail(answer_error(fmt::format("ShowPartitions answered {} names but {} ids",
                                         response.partition_names_size(), response.partitionids_size()),
                             "ShowPartitions", db, collection));
  }
  const bool has_timestamps = response.created_timestamps_size() == response.partition_names_size();
  std::vector<PartitionInfo> out;
  for (int i = 0; i < response.partition_names_size(); ++i) {
    out.push_back({.name = response.partition_names(i),
                   .id = response.partitionids(i),
                   .created_timestamp = has_timestamps ? response.created_timestamps(i) : 0});
  }
  return out;
}

Result<bool> GrpcMilvusClient::has_partition(const std::string& db, const std::string& collection,
                                             const std::string& partition) {
  milvus_pb::HasPartitionRequest request;
  request.set_collection_name(collection);
  request.set_partition_name(partition);
  MB_TRY(response, with_context(invoke(metadata_call("HasPartition", db, collection), &Stub::HasPartition, request),
                                "partition", partition));
  return response.value();
}

Status GrpcMilvusClient::create_partition(const std::string& db, const std::string& collection,
                                          const std::string& partition) {
  milvus_pb::CreatePartitionRequest request;
  request.set_collection_name(collection);
  request.set_partition_name(partition);
  MB_CHECK(with_context(invoke(metadata_call("CreatePartition", db, collection), &Stub::CreatePartition, request),
                        "partition", partition));
  return {};
}

Result<std::vector<IndexInfo>> GrpcMilvusClient::describe_index(const std::string& db,
                                                                const std::string& collection) {
  milvus_pb::DescribeIndexRequest request;
  request.set_collection_name(collection);
  Call call = metadata_call("DescribeIndex", db, collection);
  call.tolerated = is_index_not_found;
  MB_TRY(response, invoke(call, &Stub::DescribeIndex, request));
  std::vector<IndexInfo> out;
  if (is_index_not_found(response.status())) return out;
  for (const auto& index : response.index_descriptions()) {
    out.push_back({.index_name = index.index_name(),
                   .index_id = index.indexid(),
                   .field_name = index.field_name(),
                   .params = to_key_values(index.params()),
                   .state = index.state(),
                   .indexed_rows = index.indexed_rows(),
                   .total_rows = index.total_rows(),
                   .pending_index_rows = index.pending_index_rows()});
  }
  return out;
}

Status GrpcMilvusClient::create_index(const CreateIndexSpec& spec) {
  milvus_pb::CreateIndexRequest request;
  request.set_collection_name(spec.collection);
  request.set_field_name(spec.field_name);
  request.set_index_name(spec.index_name);
  add_key_values(spec.params, request.mutable_extra_params());
  MB_CHECK(with_context(invoke(slow_call("CreateIndex", spec.db, spec.collection), &Stub::CreateIndex, request),
                        "field", spec.field_name));
  return {};
}

Status GrpcMilvusClient::drop_index(const std::string& db, const std::string& collection,
                                    const std::string& index_name) {
  milvus_pb::DropIndexRequest request;
  request.set_collection_name(collection);
  request.set_index_name(index_name);
  MB_CHECK(with_context(invoke(metadata_call("DropIndex", db, collection), &Stub::DropIndex, request), "index",
                        index_name));
  return {};
}

Result<int64_t> GrpcMilvusClient::get_loading_progress(const std::string& db, const std::string& collection,
                                                       const std::vector<std::string>& partitions) {
  milvus_pb::GetLoadingProgressRequest request;
  request.set_collection_name(collection);
  for (const auto& partition : partitions) request.add_partition_names(partition);
  Call call = metadata_call("GetLoadingProgress", db, collection);
  call.tolerated = is_not_loaded;
  MB_TRY(response, invoke(call, &Stub::GetLoadingProgress, request));
  if (is_not_loaded(response.status())) return int64_t{0};
  return response.progress();
}

Result<common_pb::LoadState> GrpcMilvusClient::get_load_state(const std::string& db, const std::string& collection) {
  milvus_pb::GetLoadStateRequest request;
  request.set_collection_name(collection);
  MB_TRY(response, invoke(metadata_call("GetLoadState", db, collection), &Stub::GetLoadState, request));
  return response.state();
}

Status GrpcMilvusClient::load_collection(const std::string& db, const std::string& collection) {
  milvus_pb::LoadCollectionRequest request;
  request.set_collection_name(collection);
  MB_CHECK(invoke(slow_call("LoadCollection", db, collection), &Stub::LoadCollection, request));
  return {};
}

Status GrpcMilvusClient::release_collection(const std::string& db, const std::string& collection) {
  milvus_pb::ReleaseCollectionRequest request;
  request.set_collection_name(collection);
  MB_CHECK(invoke(slow_call("ReleaseCollection", db, collection), &Stub::ReleaseCollection, request));
  return {};
}

Result<std::vector<schema_pb::FieldData>> GrpcMilvusClient::query(const QuerySpec& spec) {
  milvus_pb::QueryRequest request;
  request.set_collection_name(spec.collection);
  request.set_expr(spec.expr);
  for (const auto& field : spec.output_fields) request.add_output_fields(field);
  for (const auto& partition : spec.partitions) request.add_partition_names(partition);
  if (spec.limit > 0) add_key_values({{"limit", std::to_string(spec.limit)}}, request.mutable_query_params());
  request.set_consistency_level(common_pb::Strong);
  MB_TRY(response, with_context(invoke(slow_call("Query", spec.db, spec.collection), &Stub::Query, request), "expr",
                                spec.expr));
  return std::vector<schema_pb::FieldData>(response.fields_data().begin(), response.fields_data().end());
}

Result<SearchHits> GrpcMilvusClient::search(const SearchSpec& spec) {
  common_pb::PlaceholderGroup vectors;
  auto* placeholder = vectors.add_placeholders();
  placeholder->set_tag("$0");
  // PlaceholderType spells the vector types with DataType's numbers.
  placeholder->set_type(static_cast<common_pb::PlaceholderType>(spec.vector_type));
  for (const auto& vector : spec.vectors) placeholder->add_values(vector);

  milvus_pb::SearchRequest request;
  request.set_collection_name(spec.collection);
  request.set_placeholder_group(vectors.SerializeAsString());
  request.set_dsl_type(common_pb::BoolExprV1);
  request.set_nq(static_cast<int64_t>(spec.vectors.size()));
  add_key_values({{"anns_field", spec.vector_field},
                  {"topk", std::to_string(spec.top_k)},
                  {"metric_type", spec.metric_type},
                  {"params", spec.params},
                  {"round_decimal", "-1"}},
                 request.mutable_search_params());
  request.set_consistency_level(common_pb::Strong);
  MB_TRY(response, with_context(invoke(slow_call("Search", spec.db, spec.collection), &Stub::Search, request),
                                "field", spec.vector_field));
  const auto& results = response.results();
  const auto& ids = results.ids();
  const int total = ids.has_int_id() ? ids.int_id().data_size() : ids.str_id().data_size();
  if (results.scores_size() != total) {
    return fail(answer_error(fmt::format("Search answered {} scores for {} ids", results.scores_size(), total),
                             "Search", spec.db, spec.collection));
  }
  SearchHits hits;
  int next = 0;
  for (const int64_t count : results.topks()) {
    if (next + count > total) {
      return fail(answer_error(fmt::format("Search answered {} ids for more hits", total), "Search", spec.db,
                               spec.collection));
    }
    auto& query_hits = hits.emplace_back();
    for (int64_t i = 0; i < count; ++i, ++next) {
      query_hits.ids.push_back(ids.has_int_id() ? std::to_string(ids.int_id().data(next)) : ids.str_id().data(next));
      query_hits.scores.push_back(results.scores(next));
    }
  }
  return hits;
}

Result<FlushResult> GrpcMilvusClient::flush(const std::string& db, const std::string& collection) {
  milvus_pb::FlushRequest request;
  request.add_collection_names(collection);
  MB_TRY(response, invoke(slow_call("Flush", db, collection), &Stub::Flush, request));
  FlushResult out;
  if (auto it = response.coll_segids().find(collection); it != response.coll_segids().end()) {
    out.sealed_segment_ids = to_vector(it->second.data());
  }
  if (auto it = response.flush_coll_segids().find(collection); it != response.flush_coll_segids().end()) {
    out.flushed_segment_ids = to_vector(it->second.data());
  }
  if (auto it = response.coll_seal_times().find(collection); it != response.coll_seal_times().end()) {
    out.seal_time = it->second;
  }
  if (auto it = response.coll_flush_ts().find(collection); it != response.coll_flush_ts().end()) {
    out.flush_ts = it->second;
  }
  // One collection was flushed, so every checkpoint is one of its channels.
  for (const auto& [channel, position] : response.channel_cps()) out.channel_checkpoints.emplace(channel, position);
  return out;
}

Result<bool> GrpcMilvusClient::get_flush_state(const std::string& db, const std::string& collection,
                                               const std::vector<int64_t>& segment_ids, uint64_t flush_ts) {
  milvus_pb::GetFlushStateRequest request;
  request.mutable_segmentids()->Add(segment_ids.begin(), segment_ids.end());
  request.set_flush_ts(flush_ts);
  request.set_collection_name(collection);
  MB_TRY(response, invoke(metadata_call("GetFlushState", db, collection), &Stub::GetFlushState, request));
  return response.flushed();
}

Result<std::vector<SegmentInfo>> GrpcMilvusClient::get_persistent_segment_info(const std::string& db,
                                                                               const std::string& collection) {
  milvus_pb::GetPersistentSegmentInfoRequest request;
  request.set_collectionname(collection);
  MB_TRY(response, invoke(metadata_call("GetPersistentSegmentInfo", db, collection),
                          &Stub::GetPersistentSegmentInfo, request));
  std::vector<SegmentInfo> out;
  for (const auto& segment : response.infos()) {
    out.push_back({.id = segment.segmentid(),
                   .collection_id = segment.collectionid(),
                   .partition_id = segment.partitionid(),
                   .num_rows = segment.num_rows(),
                   .state = segment.state(),
                   .level = segment.level(),
                   .is_sorted = segment.is_sorted(),
                   .storage_version = segment.storage_version()});
  }
  return out;
}

Result<int64_t> GrpcMilvusClient::import(const ImportSpec& spec) {
  milvus_pb::ImportRequest request;
  request.set_collection_name(spec.collection);
  request.set_partition_name(spec.partition);
  for (const auto& file : spec.files) request.add_files(file);
  add_key_values(spec.options, request.mutable_options());
  // The `dbname` header is what the Go tool relies on; the field says the same for servers that
  // read only the request.
  request.set_db_name(spec.db);
  MB_TRY(response, with_context(invoke(slow_call("Import", spec.db, spec.collection), &Stub::Import, request),
                                "partition", spec.partition));
  if (response.tasks().empty()) {
    return fail(answer_error("Import answered without a task id", "Import", spec.db, spec.collection));
  }
  return response.tasks(0);
}

Result<ImportTaskState> GrpcMilvusClient::get_import_state(int64_t task_id) {
  milvus_pb::GetImportStateRequest request;
  request.set_task(task_id);
  MB_TRY(response, with_context(invoke(metadata_call("GetImportState"), &Stub::GetImportState, request), "task",
                                std::to_string(task_id)));
  return ImportTaskState{.state = response.state(),
                         .row_count = response.row_count(),
                         .infos = to_key_values(response.infos()),
                         .collection_id = response.collection_id(),
                         .segment_ids = to_vector(response.segment_ids()),
                         .create_ts = response.create_ts()};
}

}  // namespace mb::milvus
