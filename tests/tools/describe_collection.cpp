// Prints, as JSON, what GrpcMilvusClient sees of every collection of one database: the schema with
// every field attribute (protobuf JSON of Milvus's own messages), partitions, indexes, shards,
// consistency level, properties and the dynamic-field flag. tests/integration/test_milvus_client.py
// compares it with what pymilvus reports.
//
//   describe_collection --host H --port P [--db D] [--collection C] [--user U] [--password W]
//
// --collection limits the output to that one collection of the database (a shared database may
// have other tests' collections come and go meanwhile).
// Exit status 0 with the JSON on stdout; 1 with the error on stderr.
#include <google/protobuf/util/json_util.h>

#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "milvus/grpc_milvus_client.h"
#include "util/log.h"

namespace {

using mb::milvus::common_pb::ConsistencyLevel_Name;
using nlohmann::json;

json to_json(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;  // every attribute, defaults included
  options.preserve_proto_field_names = true;
  std::string text;
  (void)google::protobuf::util::MessageToJsonString(message, &text, options);
  return json::parse(text);
}

json to_json(const mb::milvus::KeyValues& pairs) {
  json out = json::object();
  for (const auto& [key, value] : pairs) out[key] = value;
  return out;
}

json describe(mb::milvus::MilvusClient& client, const std::string& db, const std::string& collection) {
  auto described = client.describe_collection(db, collection);
  if (!described) throw std::runtime_error(described.error().to_string());
  auto partitions = client.show_partitions(db, collection);
  if (!partitions) throw std::runtime_error(partitions.error().to_string());
  auto indexes = client.describe_index(db, collection);
  if (!indexes) throw std::runtime_error(indexes.error().to_string());

  json out;
  out["db_name"] = described->db_name;
  out["name"] = described->name;
  out["id"] = described->id;
  out["description"] = described->schema.description();
  out["enable_dynamic_field"] = described->schema.enable_dynamic_field();
  out["shards_num"] = described->shards_num;
  out["consistency_level"] = ConsistencyLevel_Name(described->consistency_level);
  out["properties"] = to_json(described->properties);
  out["num_partitions"] = described->num_partitions;
  out["virtual_channels"] = described->virtual_channels;
  out["aliases"] = described->aliases;
  out["created_timestamp"] = described->created_timestamp;
  out["fields"] = json::array();
  for (const auto& field : described->schema.fields()) out["fields"].push_back(to_json(field));
  out["partitions"] = json::array();
  for (const auto& partition : *partitions) {
    out["partitions"].push_back({{"name", partition.name}, {"id", partition.id}});
  }
  out["indexes"] = json::array();
  for (const auto& index : *indexes) {
    out["indexes"].push_back({{"index_name", index.index_name},
                              {"index_id", index.index_id},
                              {"field_name", index.field_name},
                              {"index_type", index.index_type()},
                              {"params", to_json(index.params)}});
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  mb::log::init("warn");  // stdout carries the JSON only
  std::map<std::string, std::string> args{{"--host", "localhost"}, {"--port", "19530"}, {"--db", ""},
                                          {"--collection", ""}, {"--user", ""}, {"--password", ""}};
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!args.contains(argv[i])) {
      std::cerr << "unknown argument " << argv[i] << "\n";
      return 1;
    }
    args[argv[i]] = argv[i + 1];
  }
  mb::config::MilvusConfig config;
  config.grpc_address = args["--host"];
  config.grpc_port = std::stoi(args["--port"]);
  config.user = args["--user"];
  config.password = args["--password"];
  const std::string& db = args["--db"];
  const std::string& only = args["--collection"];

  try {
    auto client = mb::milvus::GrpcMilvusClient::connect(config);
    if (!client) throw std::runtime_error(client.error().to_string());
    auto collections = (*client)->show_collections(db);
    if (!collections) throw std::runtime_error(collections.error().to_string());

    const auto& server = (*client)->server();
    json out;
    out["server"] = {{"version_text", server.version_text},
                     {"version", server.version.to_string()},
                     {"multi_database", server.multi_database}};
    out["db"] = db;
    out["collections"] = json::array();
    for (const auto& collection : *collections) {
      if (!only.empty() && collection.name != only) continue;
      out["collections"].push_back(describe(**client, db, collection.name));
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "describe_collection: " << e.what() << "\n";
    return 1;
  }
}
