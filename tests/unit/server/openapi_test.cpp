// The OpenAPI document is valid JSON whose references all resolve, and every operation documents
// the answers the server can give it. (Paths against routes: rest_server_test; answers against
// schemas: tests/integration/test_openapi_fuzz.py.)
#include "server/openapi.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace mb::server {
namespace {

using nlohmann::json;

void collect_refs(const json& node, std::vector<std::string>& refs) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "$ref" && value.is_string()) refs.push_back(value.get<std::string>());
      collect_refs(value, refs);
    }
  } else if (node.is_array()) {
    for (const auto& element : node) collect_refs(element, refs);
  }
}

json document() { return json::parse(openapi_document()); }

TEST(OpenApiDocument, EveryReferenceResolves) {
  const json doc = document();
  std::vector<std::string> refs;
  collect_refs(doc, refs);
  ASSERT_FALSE(refs.empty());
  for (const auto& ref : refs) {
    ASSERT_TRUE(ref.starts_with("#/")) << ref;
    EXPECT_TRUE(doc.contains(json::json_pointer(ref.substr(1)))) << ref;
  }
}

TEST(OpenApiDocument, EveryOperationBehindAuthDocuments401) {
  const json doc = document();
  for (const auto& [path, methods] : doc["paths"].items()) {
    for (const auto& [method, operation] : methods.items()) {
      const bool open = operation.contains("security") && operation["security"].empty();
      EXPECT_EQ(operation["responses"].contains("401"), !open) << method << " " << path;
      EXPECT_TRUE(operation["responses"].contains("200")) << method << " " << path;
    }
  }
}

TEST(OpenApiDocument, EveryRequestBodyDocuments400And413) {
  const json doc = document();
  int bodies = 0;
  for (const auto& [path, methods] : doc["paths"].items()) {
    for (const auto& [method, operation] : methods.items()) {
      if (!operation.contains("requestBody")) continue;
      ++bodies;
      EXPECT_TRUE(operation["responses"].contains("400")) << method << " " << path;
      EXPECT_TRUE(operation["responses"].contains("413")) << method << " " << path;
    }
  }
  EXPECT_EQ(bodies, 3);  // create, restore, verify
}

}  // namespace
}  // namespace mb::server
