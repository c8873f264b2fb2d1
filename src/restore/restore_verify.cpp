#include "restore/restore_verify.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "restore/row_comparison.h"
#include "restore/verify_search_params.h"

namespace mb::restore {
namespace {

namespace schema_pb = milvus::schema_pb;
using VectorFields = std::vector<std::pair<std::string, schema_pb::DataType>>;

constexpr const char* kCountField = "count(*)";

struct SchemaFacts {
  std::string pk_field{};
  bool varchar_pk = false;
  bool partition_key = false;
  VectorFields vector_fields{};
};

// Fields verify can index, load and search with a plain FLAT index: dense vectors. Sparse vectors
// and vector arrays need index types of their own.
bool is_dense_vector(meta::DataType type) {
  return meta::is_vector(type) && type != meta::DataType::kSparseFloatVector &&
         type != meta::DataType::kArrayOfVector;
}

Result<SchemaFacts> schema_facts(const CollectionTask& task) {
  SchemaFacts facts;
  for (const auto& field : task.source.schema->fields) {
    if (field.is_primary_key) {
      facts.pk_field = field.name;
      facts.varchar_pk = field.data_type == meta::DataType::kVarChar;
    }
    if (field.is_partition_key) facts.partition_key = true;
    if (is_dense_vector(field.data_type)) {
      facts.vector_fields.emplace_back(field.name, static_cast<schema_pb::DataType>(field.data_type));
    }
  }
  if (facts.pk_field.empty()) {
    return fail(Error(ErrorCode::kCorrupt, "the backed-up schema has no primary key")
                    .with("collection", task.source_db() + "." + task.source.collection_name));
  }
  return facts;
}

bool has_delete_logs(const meta::PartitionBackupInfo& partition) {
  return std::any_of(partition.segment_backups.begin(), partition.segment_backups.end(), [](const auto& segment) {
    return std::any_of(segment.deltalogs.begin(), segment.deltalogs.end(),
                       [](const meta::FieldBinlog& field) { return !field.binlogs.empty(); });
  });
}

// count(*) of one partition, or of the whole collection when `partition` is empty.
Result<int64_t> count_rows(milvus::MilvusClient& client, const CollectionTask& task, const std::string& partition) {
  milvus::QuerySpec spec{.db = task.target_db, .collection = task.target_collection, .output_fields = {kCountField}};
  if (!partition.empty()) spec.partitions = {partition};
  MB_TRY(columns, client.query(spec));
  for (const auto& column : columns) {
    if (column.field_name() == kCountField && column.scalars().long_data().data_size() == 1) {
      return column.scalars().long_data().data(0);
    }
  }
  return fail(Error(ErrorCode::kMilvus, "query count(*) answered no count")
                  .with("collection", task.target_label())
                  .with("partition", partition));
}

PartitionCheck backed_up_rows(const meta::PartitionBackupInfo& partition) {
  PartitionCheck check{.partition = partition.partition_name, .has_deletes = has_delete_logs(partition)};
  for (const auto& segment : partition.segment_backups) {
    if (!segment.is_l0) check.backup_rows += segment.num_of_rows;
  }
  return check;
}

void judge(PartitionCheck& check, bool exists, bool l0_deletes) {
  const bool deletes = check.has_deletes || l0_deletes;
  check.passed = exists && (deletes ? check.restored_rows <= check.backup_rows
                                    : check.restored_rows == check.backup_rows);
}

// Milvus refuses to query a partition of a partition-key collection by name, so such a collection
// is counted as a whole.
Result<std::vector<PartitionCheck>> check_partitions(milvus::MilvusClient& client, const CollectionTask& task,
                                                     bool partition_key) {
  const bool l0_deletes = !task.source.l0_segments.empty();
  if (partition_key) {
    PartitionCheck all{.partition = "(all: partition key)"};
    for (const auto& backed_up : task.source.partition_backups) {
      const PartitionCheck one = backed_up_rows(backed_up);
      all.backup_rows += one.backup_rows;
      all.has_deletes = all.has_deletes || one.has_deletes;
    }
    MB_TRY(rows, count_rows(client, task, ""));
    all.restored_rows = rows;
    judge(all, true, l0_deletes);
    return std::vector<PartitionCheck>{all};
  }
  MB_TRY(partitions, client.show_partitions(task.target_db, task.target_collection));
  std::vector<PartitionCheck> checks;
  for (const auto& backed_up : task.source.partition_backups) {
    PartitionCheck check = backed_up_rows(backed_up);
    const bool exists = std::any_of(partitions.begin(), partitions.end(), [&](const milvus::PartitionInfo& p) {
      return p.name == backed_up.partition_name;
    });
    if (exists) {
      MB_TRY(rows, count_rows(client, task, backed_up.partition_name));
      check.restored_rows = rows;
    }
    judge(check, exists, l0_deletes);
    checks.push_back(std::move(check));
  }
  return checks;
}

const milvus::IndexInfo* index_of(const LoadedCollection& collection, const std::string& field) {
  const auto& indexes = collection.indexes();
  const auto it = std::find_if(indexes.begin(), indexes.end(),
                               [&](const milvus::IndexInfo& index) { return index.field_name == field; });
  return it == indexes.end() ? nullptr : &*it;
}

// One side of the comparison, loaded.
struct Side {
  milvus::MilvusClient& client;
  std::string db;
  std::string collection;
  const LoadedCollection& loaded;
};

// "id score, id score" for a report.
std::string hits_text(const milvus::QueryHits& hits) {
  std::vector<std::string> texts;
  for (size_t i = 0; i < hits.ids.size(); ++i) texts.push_back(fmt::format("{} {}", hits.ids[i], hits.scores[i]));
  return fmt::format("{}", fmt::join(texts, ", "));
}

Result<std::vector<schema_pb::FieldData>> query_rows(const Side& side, const std::string& expr) {
  return side.client.query({.db = side.db, .collection = side.collection, .expr = expr, .output_fields = {"*"}});
}

// The top-k searches of every vector field with the vectors of the first sampled rows.
Status compare_searches(const Side& source, const Side& restored, const SchemaFacts& facts,
                        const std::vector<schema_pb::FieldData>& source_columns, const VerifySettings& settings,
                        VerifyReport& report) {
  for (const auto& [field, type] : facts.vector_fields) {
    const auto* source_index = index_of(source.loaded, field);
    const auto* restored_index = index_of(restored.loaded, field);
    if (source_index == nullptr || restored_index == nullptr) {
      report.search_skipped = fmt::format("field {} has no index on one side", field);
      continue;
    }
    const auto source_search = verify_search_params(*source_index, settings.top_k);
    const auto restored_search = verify_search_params(*restored_index, settings.top_k);
    if (source_search.metric_type != restored_search.metric_type) {
      report.search_skipped = fmt::format("field {} is indexed with metric {} in the source and {} restored", field,
                                          source_search.metric_type, restored_search.metric_type);
      continue;
    }
    MB_TRY(vectors, vectors_by_key(source_columns, facts.pk_field, field));
    std::vector<std::string> keys;
    milvus::SearchSpec spec{.vector_field = field, .vector_type = type, .top_k = settings.top_k};
    for (const auto& [key, vector] : vectors) {
      if (keys.size() == settings.search_queries) break;
      keys.push_back(key);
      spec.vectors.push_back(vector);
    }
    if (keys.empty()) continue;
    const auto search = [&](const Side& side, const VerifySearchParams& params) {
      auto side_spec = spec;
      side_spec.db = side.db;
      side_spec.collection = side.collection;
      side_spec.metric_type = params.metric_type;
      side_spec.params = params.params;
      return side.client.search(side_spec);
    };
    MB_TRY(source_hits, search(source, source_search));
    MB_TRY(restored_hits, search(restored, restored_search));
    if (source_hits.size() != keys.size() || restored_hits.size() != keys.size()) {
      return fail(Error(ErrorCode::kMilvus, fmt::format("search of {} vectors answered {} and {} hit lists",
                                                        keys.size(), source_hits.size(), restored_hits.size()))
                      .with("field", field));
    }
    const bool exhaustive = source_search.exhaustive && restored_search.exhaustive;
    const bool exact_scores = source_search.exact_scores && restored_search.exact_scores;
    for (size_t q = 0; q < keys.size(); ++q) {
      ++report.searches_compared;
      const auto& want = source_hits[q];
      const auto& got = restored_hits[q];
      const auto hits = static_cast<int64_t>(want.ids.size());
      const auto needed = required_common_hits({.exhaustive = exhaustive}, hits);
      const auto agreeing = static_cast<int64_t>(
          exact_scores ? agreeing_hits(want, got, settings.top_k, source_search.score_tolerance) : shared_ids(want, got));
      if (got.ids.size() != want.ids.size() || agreeing < needed) {
        report.search_mismatch =
            fmt::format("field {}, vector of primary key {}: {} of {} hits agree, {} needed; source [{}] restored [{}]",
                        field, keys[q], agreeing, hits, needed, hits_text(want), hits_text(got));
        return {};
      }
    }
  }
  return {};
}

Status compare_with_source(milvus::MilvusClient& target, const CollectionTask& task, const VerifySource& source,
                           const SchemaFacts& facts, const LoadedCollection& restored_loaded,
                           const VerifySettings& settings, const CancellationToken* cancel, VerifyReport& report) {
  auto source_loaded = LoadedCollection::load(source.server, source.db, source.collection, facts.vector_fields,
                                              /*may_add_index=*/false, settings.load, cancel);
  if (!source_loaded) {
    if (source_loaded.error().code != ErrorCode::kNotFound) return fail(std::move(source_loaded).error());
    report.rows_skipped = report.search_skipped = "the source cannot be loaded: " + source_loaded.error().to_string();
    return {};
  }
  const Side source_side{*source.server.client, source.db, source.collection, *source_loaded};
  const Side restored_side{target, task.target_db, task.target_collection, restored_loaded};

  MB_TRY(key_columns, target.query({.db = task.target_db, .collection = task.target_collection,
                                    .output_fields = {facts.pk_field}, .limit = settings.key_scan_limit}));
  MB_TRY(restored_keys, rows_by_key(key_columns, facts.pk_field));
  std::vector<std::string> keys;
  for (const auto& [key, row] : restored_keys) keys.push_back(key);
  keys = sample_evenly(std::move(keys), settings.sampled_rows);
  if (keys.empty()) {
    report.rows_skipped = report.search_skipped = "the restored collection has no rows";
    return {};
  }
  const std::string filter = key_filter(facts.pk_field, facts.varchar_pk, keys);
  MB_TRY(source_columns, query_rows(source_side, filter));
  MB_TRY(restored_columns, query_rows(restored_side, filter));
  MB_TRY(source_rows, rows_by_key(source_columns, facts.pk_field));
  MB_TRY(restored_rows, rows_by_key(restored_columns, facts.pk_field));
  report.rows_compared = static_cast<int64_t>(keys.size());
  if (const auto mismatch = first_mismatch(source_rows, restored_rows)) {
    report.row_mismatch = mismatch->to_string();
    report.search_skipped = "the rows differ";
    return {};
  }
  return compare_searches(source_side, restored_side, facts, source_columns, settings, report);
}

// HasCollection on a database that does not exist is an error, not false.
Result<bool> holds_collection(milvus::MilvusClient& client, const std::string& db, const std::string& collection) {
  MB_TRY(databases, client.list_databases());
  if (std::find(databases.begin(), databases.end(), db) == databases.end()) return false;
  return client.has_collection(db, collection);
}

Status require_collection(const MilvusServer& source, const CollectionTask& task) {
  MB_TRY(exists, holds_collection(*source.client, task.source_db(), task.source.collection_name));
  if (exists) return {};
  return fail(Error(ErrorCode::kNotFound, fmt::format("the --verify_source Milvus has no collection {}.{}",
                                                      task.source_db(), task.source.collection_name))
                  .with("verify_source", source.address));
}

}  // namespace

bool VerifyReport::passed() const {
  return !row_mismatch && !search_mismatch &&
         std::all_of(partitions.begin(), partitions.end(), [](const PartitionCheck& p) { return p.passed; });
}

std::string VerifyReport::to_string() const {
  std::string text;
  for (const auto& p : partitions) {
    text += fmt::format("verify {} partition {}: backup {} rows{}, restored {} rows: {}\n", target, p.partition,
                        p.backup_rows, p.has_deletes ? " before deletes" : "", p.restored_rows,
                        p.passed ? "ok" : "MISMATCH");
  }
  if (row_mismatch) {
    text += fmt::format("verify {} rows against {}: MISMATCH at {}\n", target, source, *row_mismatch);
  } else if (rows_compared > 0) {
    text += fmt::format("verify {} rows against {}: {} sampled rows equal: ok\n", target, source, rows_compared);
  } else {
    text += fmt::format("verify {} rows: not compared with the source: {}\n", target, rows_skipped);
  }
  if (search_mismatch) {
    text += fmt::format("verify {} search against {}: MISMATCH at {}\n", target, source, *search_mismatch);
  } else if (searches_compared > 0) {
    text += fmt::format("verify {} search against {}: {} top-k searches agree: ok\n", target, source,
                        searches_compared);
  } else {
    text += fmt::format("verify {} search: not compared with the source: {}\n", target, search_skipped);
  }
  text += fmt::format("verify {}: {}\n", target, passed() ? "PASS" : "FAIL");
  return text;
}

Status check_verify_source(const MilvusServer& source, const std::vector<CollectionTask>& tasks) {
  if (auto version = source.client->get_version(); !version) {
    return fail(wrap(std::move(version).error(),
                     fmt::format("the --verify_source Milvus at {} does not answer", source.address)));
  }
  for (const auto& task : tasks) MB_CHECK(require_collection(source, task));
  return {};
}

Result<std::optional<VerifySource>> find_verify_source(const MilvusServer& target, const MilvusServer& explicit_source,
                                                       const CollectionTask& task, std::string& why_not) {
  const std::string db = task.source_db();
  const std::string& collection = task.source.collection_name;
  const std::string label = db + "." + collection;
  if (explicit_source.client != nullptr) {
    MB_CHECK(require_collection(explicit_source, task));
    return VerifySource{.server = explicit_source, .db = db, .collection = collection,
                        .where = explicit_source.address};
  }
  if (task.target_db == db && task.target_collection == collection) {
    why_not = "restored under its backed-up name; --verify_source HOST:PORT names a Milvus that has " + label;
    return std::optional<VerifySource>();
  }
  MB_TRY(exists, holds_collection(*target.client, db, collection));
  if (!exists) {
    why_not = "the target Milvus has no " + label + "; --verify_source HOST:PORT names a Milvus that has it";
    return std::optional<VerifySource>();
  }
  return VerifySource{.server = target, .db = db, .collection = collection, .where = "the target Milvus"};
}

Result<VerifyReport> verify_restored_collection(const MilvusServer& target, const CollectionTask& task,
                                                const std::optional<VerifySource>& source,
                                                const std::string& why_no_source, const VerifySettings& settings,
                                                const CancellationToken* cancel) {
  MB_TRY(facts, schema_facts(task));
  MB_TRY(restored_loaded, LoadedCollection::load(target, task.target_db, task.target_collection, facts.vector_fields,
                                                 /*may_add_index=*/true, settings.load, cancel));
  VerifyReport report{.target = task.target_label()};
  MB_TRY(partitions, check_partitions(*target.client, task, facts.partition_key));
  report.partitions = std::move(partitions);
  if (!source) {
    report.rows_skipped = report.search_skipped = why_no_source;
    return report;
  }
  report.source = fmt::format("{}.{} at {}", source->db, source->collection, source->where);
  MB_CHECK(compare_with_source(*target.client, task, *source, facts, restored_loaded, settings, cancel, report));
  return report;
}

}  // namespace mb::restore
