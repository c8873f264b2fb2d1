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

namespace mb::config {
namespace {

using testing::TempDir;

std::string config_error(TempDir& dir, const std::string& text) {
  auto file = read_config_file(dir.write("deep.yaml", text));
  EXPECT_FALSE(file) << text.substr(0, 60);
  return file ? "" : file.error().to_string();
}

// yaml-cpp's parser recurses per level: these blew the stack before the depth was checked.
TEST(ReadConfigFile, DeepNestingIsRefusedBeforeYamlCppSeesIt) {
  TempDir dir;
  for (const size_t depth : {65u, 10'000u, 1'000'000u}) {
    EXPECT_NE(config_error(dir, "a: " + std::string(depth, '[') + std::string(depth, ']') + "\n")
                  .find("nested deeper than 64 levels"),
              std::string::npos)
        << depth;
    EXPECT_NE(config_error(dir, "a: " + std::string(depth, '{') + "\n").find("nested deeper than 64 levels"),
              std::string::npos);
    std::string dashes;
    for (size_t i = 0; i < depth; ++i) dashes += "- ";
    EXPECT_NE(config_error(dir, dashes + "x\n").find("line 1: nested deeper than 64 levels"), std::string::npos);
  }
  std::string indented;
  for (size_t i = 0; i < 70; ++i) indented += std::string(i, ' ') + "k" + std::to_string(i) + ":\n";
  EXPECT_NE(config_error(dir, indented).find("line 65: nested deeper than 64 levels"), std::string::npos);
}

TEST(ReadConfigFile, TheDepthScanLeavesOrdinaryYamlAlone) {
  TempDir dir;
  // Brackets in quotes, comments and block scalars are text, not nesting.
  const std::string many(100, '[');
  auto file = read_config_file(dir.write("ok.yaml", "a:\n  b: \"" + many + "\"\n  c: '" + many +
                                                        "'  # " + many + "\n  d: |\n    " + many + "\n    " +
                                                        many + "\n  e: [1, [2, {f: 3}]]\n"));
  ASSERT_TRUE(file) << file.error().to_string();
  EXPECT_EQ(file->find("a.b")->scalar, many);
  EXPECT_EQ(file->find("a.c")->scalar, many);
  EXPECT_EQ(file->find("a.d")->scalar, many + "\n" + many + "\n");
}

TEST(ReadConfigFile, AliasesCannotLoopOrMultiply) {
  TempDir dir;
  EXPECT_NE(config_error(dir, "a: &x {b: 1}\nc: *x\nd: &y {e: *y}\n").find("nested too deep or too many values"),
            std::string::npos);
  // Each level names the one below twice: 2^40 maps from a few lines.
  std::string laughs = "l0: &l0 {v: 1}\n";
  for (int i = 1; i <= 40; ++i) {
    laughs += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " {a: *l" + std::to_string(i - 1) + ", b: *l" +
              std::to_string(i - 1) + "}\n";
  }
  EXPECT_NE(config_error(dir, laughs).find("too many values"), std::string::npos);
}

}  // namespace
}  // namespace mb::config
