// Runs one MilvusClient method against a real Milvus, for tests/integration/test_milvus_client.py:
//
//   milvus_call --host H --port P METHOD 'JSON-ARGUMENTS'
//
// and prints {"ok": true, "result": ...} or {"ok": false, "code": ..., "message": ..., "context": {...}}
// (exit 0 either way; 2 on a usage error). Arguments are named as in milvus_client.h; a schema is
// the protobuf JSON of milvus.proto.schema.CollectionSchema, enums are Milvus's names.
#include <google/protobuf/util/json_util.h>

#include <functional>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "milvus/grpc_milvus_client.h"
#include "util/log.h"

namespace {

namespace mm = mb::milvus;
using nlohmann::json;

json failure(const mb::Error& error) {
  json context = json::object();
  for (const auto& [key, value] : error.context) context[key] = value;
  return {{"ok", false}, {"code", mb::to_string(error.code)}, {"message", error.message}, {"context", context}};
}

template <typename T, typename Convert>
json outcome(const mb::Result<T>& result, Convert convert) {
  if (!result) return failure(result.error());
  return {{"ok", true}, {"result", convert(*result)}};
}
json outcome(const mb::Status& status) {
  if (!status) return failure(status.error());
  return {{"ok", true}, {"result", nullptr}};
}

json to_json(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string text;
  (void)google::protobuf::util::MessageToJsonString(message, &text, options);
  return json::parse(text);
}

mm::KeyValues key_values(const json& object) {
  mm::KeyValues out;
  for (const auto& [key, value] : object.items()) out.emplace_back(key, value.get<std::string>());
  return out;
}

json to_json(const mm::KeyValues& pairs) {
  json out = json::object();
  for (const auto& [key, value] : pairs) out[key] = value;
  return out;
}

std::string text(const json& args, const char* key) { return args.value(key, std::string()); }

using Handler = std::function<json(mm::MilvusClient&, const json&)>;

const std::map<std::string, Handler>& handlers() {
  static const std::map<std::string, Handler> table = {
      {"get_version", [](auto& c, const json&) { return outcome(c.get_version(), [](auto& v) { return v; }); }},
      {"list_databases", [](auto& c, const json&) { return outcome(c.list_databases(), [](auto& v) { return v; }); }},
      {"create_database", [](auto& c, const json& a) { return outcome(c.create_database(text(a, "db"))); }},
      {"show_collections",
       [](auto& c, const json& a) {
         return outcome(c.show_collections(text(a, "db")), [](const auto& collections) {
           json out = json::array();
           for (const auto& listed : collections) out.push_back({{"name", listed.name}, {"id", listed.id}});
           return out;
         });
       }},
      {"has_collection",
       [](auto& c, const json& a) {
         return outcome(c.has_collection(text(a, "db"), text(a, "collection")), [](bool v) { return v; });
       }},
      {"drop_collection",
       [](auto& c, const json& a) { return outcome(c.drop_collection(text(a, "db"), text(a, "collection"))); }},
      {"create_collection",
       [](auto& c, const json& a) {
         mm::CreateCollectionSpec spec;
         spec.db = text(a, "db");
         const auto parsed = google::protobuf::util::JsonStringToMessage(a.at("schema").dump(), &spec.schema);
         if (!parsed.ok()) throw std::runtime_error("schema: " + parsed.ToString());
         spec.shards_num = a.value("shards_num", 0);
         mm::common_pb::ConsistencyLevel_Parse(a.value("consistency_level", "Bounded"), &spec.consistency_level);
         spec.properties = key_values(a.value("properties", json::object()));
         spec.num_partitions = a.value("num_partitions", 0);
         return outcome(c.create_collection(spec));
       }},
      {"has_partition",
       [](auto& c, const json& a) {
         return outcome(c.has_partition(text(a, "db"), text(a, "collection"), text(a, "partition")),
                        [](bool v) { return v; });
       }},
      {"create_partition",
       [](auto& c, const json& a) {
         return outcome(c.create_partition(text(a, "db"), text(a, "collection"), text(a, "partition")));
       }},
      {"create_index",
       [](auto& c, const json& a) {
         return outcome(c.create_index({.db = text(a, "db"),
                                        .collection = text(a, "collection"),
                                        .field_name = text(a, "field_name"),
                                        .index_name = text(a, "index_name"),
                                        .params = key_values(a.value("params", json::object()))}));
       }},
      {"drop_index",
       [](auto& c, const json& a) {
         return outcome(c.drop_index(text(a, "db"), text(a, "collection"), text(a, "index_name")));
       }},
      {"describe_index",
       [](auto& c, const json& a) {
         return outcome(c.describe_index(text(a, "db"), text(a, "collection")), [](const auto& indexes) {
           json out = json::array();
           for (const auto& index : indexes) {
             out.push_back({{"index_name", index.index_name}, {"field_name", index.field_name},
                            {"params", to_json(index.params)}});
           }
           return out;
         });
       }},
      {"get_loading_progress",
       [](auto& c, const json& a) {
         return outcome(c.get_loading_progress(text(a, "db"), text(a, "collection"),
                                               a.value("partitions", std::vector<std::string>())),
                        [](int64_t v) { return v; });
       }},
      {"flush",
       [](auto& c, const json& a) {
         return outcome(c.flush(text(a, "db"), text(a, "collection")), [](const mm::FlushResult& r) {
           json checkpoints = json::object();
           for (const auto& [channel, position] : r.channel_checkpoints) checkpoints[channel] = to_json(position);
           return json{{"sealed_segment_ids", r.sealed_segment_ids}, {"flushed_segment_ids", r.flushed_segment_ids},
                       {"seal_time", r.seal_time}, {"flush_ts", r.flush_ts}, {"channel_checkpoints", checkpoints}};
         });
       }},
      {"get_flush_state",
       [](auto& c, const json& a) {
         return outcome(c.get_flush_state(text(a, "db"), text(a, "collection"),
                                          a.at("segment_ids").get<std::vector<int64_t>>(),
                                          a.at("flush_ts").get<uint64_t>()),
                        [](bool v) { return v; });
       }},
      {"get_persistent_segment_info",
       [](auto& c, const json& a) {
         return outcome(c.get_persistent_segment_info(text(a, "db"), text(a, "collection")), [](const auto& segments) {
           json out = json::array();
           for (const auto& s : segments) {
             out.push_back({{"id", s.id}, {"collection_id", s.collection_id}, {"partition_id", s.partition_id},
                            {"num_rows", s.num_rows}, {"state", mm::common_pb::SegmentState_Name(s.state)},
                            {"level", mm::common_pb::SegmentLevel_Name(s.level)}});
           }
           return out;
         });
       }},
      {"import",
       [](auto& c, const json& a) {
         return outcome(c.import({.db = text(a, "db"),
                                  .collection = text(a, "collection"),
                                  .partition = text(a, "partition"),
                                  .files = a.value("files", std::vector<std::string>()),
                                  .options = key_values(a.value("options", json::object()))}),
                        [](int64_t v) { return v; });
       }},
      {"get_import_state",
       [](auto& c, const json& a) {
         return outcome(c.get_import_state(a.at("task").get<int64_t>()), [](const mm::ImportTaskState& s) {
           return json{{"state", mm::common_pb::ImportState_Name(s.state)}, {"row_count", s.row_count},
                       {"completed", s.completed()}, {"failed", s.failed()},
                       {"failed_reason", std::string(s.failed_reason())}, {"infos", to_json(s.infos)}};
         });
       }},
  };
  return table;
}

int usage() {
  std::cerr << "usage: milvus_call --host H --port P METHOD 'JSON-ARGUMENTS'\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  mb::log::init("warn");  // stdout carries the JSON only
  if (argc != 7 || std::string(argv[1]) != "--host" || std::string(argv[3]) != "--port") return usage();
  const auto handler = handlers().find(argv[5]);
  if (handler == handlers().end()) return usage();

  mb::config::MilvusConfig config;
  config.grpc_address = argv[2];
  config.grpc_port = std::stoi(argv[4]);
  json out;
  if (auto client = mm::GrpcMilvusClient::connect(config)) {
    out = handler->second(**client, json::parse(argv[6]));
  } else {
    out = failure(client.error());
  }
  std::cout << out.dump() << "\n";
  return 0;
}
