#include "config/config_file.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace mb::config {
namespace {

using testing::TempDir;

TEST(ReadConfigFile, FlattensToLowerCaseDottedKeys) {
  TempDir dir;
  auto file = read_config_file(dir.write("c.yaml",
                                         "Milvus:\n"
                                         "  Grpc:\n"
                                         "    Port: 19531\n"
                                         "  etcd:\n"
                                         "    endpoints: [a:1, \"b:2\"]\n"
                                         "  user: \"19530\"\n"
                                         "  region:\n"
                                         "  other: ~\n"));
  ASSERT_TRUE(file) << file.error().to_string();
  const FileValue* port = file->find("milvus.grpc.port");
  ASSERT_NE(port, nullptr);
  EXPECT_EQ(port->scalar, "19531");
  EXPECT_EQ(port->key, "Milvus.Grpc.Port");
  EXPECT_EQ(port->line, 3);
  EXPECT_FALSE(port->quoted);
  const FileValue* endpoints = file->find("milvus.etcd.endpoints");
  ASSERT_NE(endpoints, nullptr);
  EXPECT_TRUE(endpoints->is_list);
  ASSERT_EQ(endpoints->items.size(), 2u);
  EXPECT_EQ(endpoints->items[1], "b:2");
  EXPECT_TRUE(file->find("milvus.user")->quoted);
  // Null leaves are absent, so their settings keep the default.
  EXPECT_EQ(file->find("milvus.region"), nullptr);
  EXPECT_EQ(file->find("milvus.other"), nullptr);
}

TEST(ReadConfigFile, EmptyFileSetsNothing) {
  TempDir dir;
  auto file = read_config_file(dir.write("c.yaml", "# only a comment\n"));
  ASSERT_TRUE(file);
  EXPECT_TRUE(file->values.empty());
}

TEST(ReadConfigFile, BadYamlNamesFileAndLine) {
  TempDir dir;
  std::string path = dir.write("bad.yaml", "milvus:\n  grpc:\n    port: 1\n  user: a: b\nlog:\n  level: info\n");
  auto file = read_config_file(path);
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().code, ErrorCode::kConfig);
  EXPECT_NE(file.error().message.find(path), std::string::npos) << file.error().message;
  EXPECT_NE(file.error().message.find("line 4, column 10"), std::string::npos) << file.error().message;
}

TEST(ReadConfigFile, RootMustBeAMap) {
  TempDir dir;
  auto file = read_config_file(dir.write("c.yaml", "- a\n- b\n"));
  ASSERT_FALSE(file);
  EXPECT_NE(file.error().message.find("top level must be a map"), std::string::npos);
}

TEST(ReadConfigFile, KeyGivenTwiceInAnyCaseIsAnError) {
  TempDir dir;
  auto file = read_config_file(dir.write("c.yaml", "milvus:\n  user: a\n  User: b\n"));
  ASSERT_FALSE(file);
  EXPECT_NE(file.error().message.find("line 3"), std::string::npos) << file.error().message;
  EXPECT_NE(file.error().message.find("already set at line 2"), std::string::npos) << file.error().message;
}

TEST(ReadConfigFile, MissingFileIsAnError) {
  auto file = read_config_file("/nonexistent/dir/backup.yaml");
  ASSERT_FALSE(file);
  EXPECT_NE(file.error().message.find("/nonexistent/dir/backup.yaml"), std::string::npos);
}

TEST(LocateConfigFile, PathAsGivenFirst) {
  TempDir dir;
  std::string path = dir.write("x.yaml", "a: 1\n");
  auto located = locate_config_file(path, [](const std::string&) { return std::optional<std::string>("/elsewhere"); });
  EXPECT_EQ(located.path, path);
}

TEST(LocateConfigFile, ThenMilvusConfThenConfigsFolder) {
  TempDir conf;
  std::string in_conf = conf.write("mb.yaml", "a: 1\n");
  auto env = [&](const std::string& name) {
    return name == "MILVUSCONF" ? std::optional<std::string>(conf.path().string()) : std::nullopt;
  };
  EXPECT_EQ(locate_config_file("some/dir/mb.yaml", env).path, in_conf);

  TempDir work;
  work.write("configs/mb2.yaml", "a: 1\n");
  testing::ScopedCwd cwd(work.path());
  auto located = locate_config_file("mb2.yaml", env);
  EXPECT_EQ(located.path, "configs/mb2.yaml");
  const std::vector<std::string> tried = {"mb2.yaml", (conf.path() / "mb2.yaml").string(), "configs/mb2.yaml"};
  EXPECT_EQ(located.tried, tried);
}

TEST(LocateConfigFile, SkipsDirectories) {
  TempDir dir;
  auto located = locate_config_file(dir.path().string(), [](const std::string&) { return std::nullopt; });
  EXPECT_EQ(located.path, "");
  EXPECT_EQ(located.tried.front(), dir.path().string());
}

}  // namespace
}  // namespace mb::config
