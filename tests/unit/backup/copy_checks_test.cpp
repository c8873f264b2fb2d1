#include "backup/copy_checks.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <thread>

#include "memory_store.h"
#include "util/crc32c.h"

namespace mb::backup {
namespace {

using mb::testing::MemoryStore;

TEST(CopyChecksTest, PassesWhenEveryFileIsThereWithItsSize) {
  MemoryStore store;
  store.set("b/binlogs/insert_log/1/a", "12345");
  store.set("b/binlogs/delta_log/1/b", "12");
  store.set("b/binlogs/insert_log/1/extra", "not expected, ignored");
  const std::vector<copy::CopyJob> jobs = {{"src/a", "b/binlogs/insert_log/1/a", 5}, {"src/b", "b/binlogs/delta_log/1/b", 2}};
  const std::vector<std::string> prefixes = {"b/binlogs/insert_log/1/", "b/binlogs/delta_log/1/"};
  EXPECT_TRUE(verify_copies(store, prefixes, jobs));
}

TEST(CopyChecksTest, NamesAMissingFile) {
  MemoryStore store;
  store.set("b/binlogs/insert_log/1/a", "12345");
  const std::vector<copy::CopyJob> jobs = {{"src/a", "b/binlogs/insert_log/1/a", 5}, {"src/b", "b/binlogs/insert_log/1/b", 2}};
  const std::vector<std::string> prefixes = {"b/binlogs/insert_log/1/"};
  auto verified = verify_copies(store, prefixes, jobs);
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(verified.error().message.find("1 copied file(s) are missing"), std::string::npos);
  EXPECT_NE(verified.error().message.find("b/binlogs/insert_log/1/b"), std::string::npos);
}

TEST(CopyChecksTest, NamesAFileWithTheWrongSize) {
  MemoryStore store;
  store.set("b/binlogs/insert_log/1/a", "123");
  const std::vector<copy::CopyJob> jobs = {{"src/a", "b/binlogs/insert_log/1/a", 5}};
  const std::vector<std::string> prefixes = {"b/binlogs/insert_log/1/"};
  auto verified = verify_copies(store, prefixes, jobs);
  ASSERT_FALSE(verified);
  EXPECT_NE(verified.error().message.find("b/binlogs/insert_log/1/a (3 bytes, 5 expected)"), std::string::npos)
      << verified.error().message;
}

TEST(CopyChecksTest, ChecksumsOnlyWhatHasNone) {
  MemoryStore store;
  const std::string big(10000, 'x');
  store.set("k/server_side", big);
  store.set("k/streamed", "abc");
  std::vector<copy::CopiedObject> objects = {
      {.dst_key = "k/server_side", .size = big.size(), .crc32c = std::nullopt, .server_side = true},
      {.dst_key = "k/streamed", .size = 3, .crc32c = 7, .server_side = false}};
  copy::MemoryBudget budget(10'000);
  ASSERT_TRUE(fill_checksums(store, objects, 2, 1000, budget, nullptr));
  EXPECT_EQ(objects[0].crc32c, crc32c(big));
  EXPECT_EQ(objects[1].crc32c, 7u);  // untouched
  EXPECT_EQ(store.reads.load(), 10);  // one per buffer of the big one, none of the streamed one
}

TEST(CopyChecksTest, ChecksumRefusesAFileOfTheWrongSize) {
  MemoryStore store;
  store.set("k/short", "ab");
  std::vector<copy::CopiedObject> objects = {
      {.dst_key = "k/short", .size = 5, .crc32c = std::nullopt, .server_side = true}};
  copy::MemoryBudget budget(10'000);
  auto summed = fill_checksums(store, objects, 1, 1000, budget, nullptr);
  ASSERT_FALSE(summed);
  EXPECT_EQ(summed.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(summed.error().get("key"), "k/short");
}

// The read-back draws from the copies' budget: while copies elsewhere in the process hold all of
// it, no reader starts.
TEST(CopyChecksTest, ChecksumReadBackWaitsForTheCopiesMemoryBudget) {
  MemoryStore store;
  const std::string first(5000, 'a'), second(5000, 'b'), third(5000, 'c');
  store.set("k/first", first);
  store.set("k/second", second);
  store.set("k/third", third);
  std::vector<copy::CopiedObject> objects;
  for (const auto& [key, data] : store.objects()) {
    objects.push_back({.dst_key = key, .size = data.size(), .crc32c = std::nullopt, .server_side = true});
  }
  copy::MemoryBudget budget(2000);
  std::optional<copy::MemoryBudget::Reservation> copying = budget.reserve(2000);

  std::optional<Status> summed;
  {
    std::jthread reader([&] { summed = fill_checksums(store, objects, 3, 1000, budget, nullptr); });
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    EXPECT_EQ(store.reads.load(), 0);
    copying.reset();
  }

  ASSERT_TRUE(*summed) << summed->error().to_string();
  EXPECT_EQ(objects[0].crc32c, crc32c(first));
  EXPECT_EQ(objects[1].crc32c, crc32c(second));
  EXPECT_EQ(objects[2].crc32c, crc32c(third));
}

}  // namespace
}  // namespace mb::backup
