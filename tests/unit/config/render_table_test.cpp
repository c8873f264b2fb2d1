#include <gtest/gtest.h>

#include "config/loader.h"
#include "test_support.h"

namespace mb::config {
namespace {

TEST(RenderTable, AlignsLikeGoTabwriter) {
  std::vector<ResolvedValue> values = {
      {"Milvus.Grpc.Address", "milvus.grpc.address", "localhost", "default", ""},
      {"Milvus.Password", "milvus.password", "su****23", "override", "milvus.password"},
  };
  EXPECT_EQ(render_table(values),
            "PARAMETER            VALUE      SOURCE    SOURCE_KEY\n"
            "---------            -----      ------    ----------\n"
            "Milvus.Grpc.Address  localhost  default   \n"
            "Milvus.Password      su****23   override  milvus.password\n");
}

TEST(RenderTable, CountsCharactersNotBytes) {
  std::vector<ResolvedValue> values = {{"A", "a", "é", "config", "a"}, {"B", "b", "ab", "config", "b"}};
  std::string table = render_table(values);
  EXPECT_NE(table.find("A          é      config  a\n"), std::string::npos) << table;
  EXPECT_NE(table.find("B          ab     config  b\n"), std::string::npos) << table;
}

TEST(RenderTable, ShowsEveryParameterWithSecretsMasked) {
  auto loaded = load(testing::options_without_file({"milvus.password=supersecret123"}));
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  std::string table = render_table(loaded->values);
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), static_cast<long>(loaded->values.size() + 2));
  EXPECT_NE(table.find("Backup.Storage.Auth.AccessKeyID"), std::string::npos);
  EXPECT_NE(table.find("su****23"), std::string::npos);
  EXPECT_EQ(table.find("supersecret123"), std::string::npos);
}

}  // namespace
}  // namespace mb::config
