#include "util/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "util/random_id.h"

namespace mb {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override { fs::create_directories(dir_); }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_ = fs::temp_directory_path() / ("mb-atomic-file-" + random_uuid());
};

TEST_F(AtomicFileTest, ReplacesTheFileWithOwnerOnlyModeAndLeavesNoTemporaryFile) {
  const fs::path path = dir_ / "config.yaml";
  ASSERT_TRUE(write_file_atomically(path, "old\n"));
  ASSERT_TRUE(write_file_atomically(path, "new\n"));
  EXPECT_EQ(read(path), "new\n");
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(AtomicFileTest, AMissingFolderIsAnIoErrorNamingThePath) {
  const auto written = write_file_atomically(dir_ / "missing" / "config.yaml", "x");
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kIo);
  EXPECT_NE(written.error().message.find("missing"), std::string::npos);
}

}  // namespace
}  // namespace mb
