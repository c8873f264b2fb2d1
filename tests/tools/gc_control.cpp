// Drives ManagementClient against a real Milvus management port for
// tests/integration/test_milvus_client.py, and prints the outcome as one JSON object.
//
//   gc_control --endpoint URL health
//   gc_control --endpoint URL pause SECONDS [COLLECTION_ID]
//   gc_control --endpoint URL resume [TICKET]
//
// Prints {"ok": true, ...} or {"ok": false, "code": ..., "message": ..., "context": {...}} and exits
// 0 either way; exits 2 on a usage error.
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "milvus/management_client.h"
#include "util/log.h"

namespace {

using nlohmann::json;

json failure(const mb::Error& error) {
  json context = json::object();
  for (const auto& [key, value] : error.context) context[key] = value;
  return {{"ok", false}, {"code", mb::to_string(error.code)}, {"message", error.message}, {"context", context}};
}

int usage() {
  std::cerr << "usage: gc_control --endpoint URL (health | pause SECONDS [COLLECTION_ID] | resume [TICKET])\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  mb::log::init("warn");  // stdout carries the JSON only
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() < 3 || args[0] != "--endpoint") return usage();
  mb::milvus::ManagementClient client(args[1]);
  const std::string& command = args[2];

  json out;
  if (command == "health" && args.size() == 3) {
    auto healthy = client.healthy();
    out = healthy ? json{{"ok", true}, {"healthy", *healthy}} : failure(healthy.error());
  } else if (command == "pause" && (args.size() == 4 || args.size() == 5)) {
    std::optional<int64_t> collection_id;
    if (args.size() == 5) collection_id = std::stoll(args[4]);
    auto ticket = client.pause_gc(std::stoi(args[3]), collection_id);
    if (!ticket) {
      out = failure(ticket.error());
    } else {
      out = {{"ok", true}, {"ticket", ticket->has_value() ? json(**ticket) : json(nullptr)}};
    }
  } else if (command == "resume" && (args.size() == 3 || args.size() == 4)) {
    std::optional<std::string> ticket;
    if (args.size() == 4) ticket = args[3];
    auto resumed = client.resume_gc(ticket);
    out = resumed ? json{{"ok", true}} : failure(resumed.error());
  } else {
    return usage();
  }
  std::cout << out.dump() << "\n";
  return 0;
}
