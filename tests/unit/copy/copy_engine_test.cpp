#include "copy/copy_engine.h"

#include <gtest/gtest.h>

#include <optional>
#include <thread>

#include "copy/memory_budget.h"
#include "memory_store.h"

namespace mb::copy {
namespace {

using mb::testing::MemoryStore;

// Bitwise CRC32C (Castagnoli, reflected 0x82F63B78): an independent reference for the engine's sums.
uint32_t reference_crc32c(const std::string& data) {
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char byte : data) {
    crc ^= byte;
    for (int i = 0; i < 8; ++i) crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1u)));
  }
  return crc ^ 0xFFFFFFFFu;
}

std::string pattern(size_t size, char seed) {
  std::string data(size, '\0');
  for (size_t i = 0; i < size; ++i) data[i] = static_cast<char>(seed + static_cast<char>(i * 7 % 251));
  return data;
}

std::vector<CopyJob> jobs_for(MemoryStore& store, const std::string& dst_prefix) {
  std::vector<CopyJob> jobs;
  for (const auto& [key, data] : store.objects()) jobs.push_back({key, dst_prefix + key, data.size()});
  return jobs;
}

CopyOptions small_buffers() {
  CopyOptions options;
  options.concurrency = 3;
  options.buffer_size = 1000;  // forces many ranged reads per object
  return options;
}

TEST(CopyEngine, StreamsBetweenDifferentStoresWithChecksums) {
  MemoryStore source("a"), destination("b");
  source.set("f/empty", "");
  source.set("f/one", "x");
  source.set("f/big", pattern(25'000, 'a'));
  for (int i = 0; i < 20; ++i) source.set("f/small_" + std::to_string(i), pattern(300 + i, 'k'));
  auto jobs = jobs_for(source, "copy/");
  CopyProgress progress;

  auto copied = CopyEngine(small_buffers()).run(source, destination, jobs, &progress);

  ASSERT_TRUE(copied) << copied.error().to_string();
  ASSERT_EQ(copied->size(), jobs.size());
  const auto src_objects = source.objects();
  const auto dst_objects = destination.objects();
  for (size_t i = 0; i < jobs.size(); ++i) {
    const auto& original = src_objects.at(jobs[i].src_key);
    EXPECT_EQ(dst_objects.at(jobs[i].dst_key), original);
    EXPECT_EQ((*copied)[i].dst_key, jobs[i].dst_key);
    EXPECT_FALSE((*copied)[i].server_side);
    ASSERT_TRUE((*copied)[i].crc32c.has_value());
    EXPECT_EQ(*(*copied)[i].crc32c, reference_crc32c(original)) << jobs[i].src_key;
  }
  EXPECT_EQ(progress.files_done, jobs.size());
  EXPECT_EQ(progress.files_total, jobs.size());
  EXPECT_EQ(progress.bytes_done, progress.bytes_total);
  EXPECT_EQ(destination.server_side_copies, 0);
}

TEST(CopyEngine, CopiesServerSideWithinOneStore) {
  MemoryStore store("same");
  store.set("src/a", pattern(5000, 'q'));
  store.set("src/b", "b");
  auto jobs = jobs_for(store, "dst/");

  auto copied = CopyEngine(small_buffers()).run(store, store, jobs);

  ASSERT_TRUE(copied) << copied.error().to_string();
  EXPECT_EQ(store.server_side_copies, 2);
  EXPECT_EQ(store.reads, 0);
  EXPECT_EQ(store.objects().at("dst/src/a"), pattern(5000, 'q'));
  EXPECT_TRUE((*copied)[0].server_side);
  EXPECT_FALSE((*copied)[0].crc32c.has_value());
}

TEST(CopyEngine, StreamsWithinOneStoreWhenServerSideIsNotAllowed) {
  MemoryStore store("same");
  store.set("src/a", pattern(2500, 'z'));
  auto jobs = jobs_for(store, "dst/");
  auto options = small_buffers();
  options.allow_server_side = false;

  auto copied = CopyEngine(options).run(store, store, jobs);

  ASSERT_TRUE(copied) << copied.error().to_string();
  EXPECT_EQ(store.server_side_copies, 0);
  EXPECT_EQ(store.objects().at("dst/src/a"), pattern(2500, 'z'));
}

TEST(CopyEngine, RetriesTransientFailuresAndCountsBytesOnce) {
  MemoryStore source("a"), destination("b");
  source.set("f/1", pattern(4000, 'r'));
  source.set("f/2", pattern(3000, 's'));
  source.fail_next_reads(2);
  auto jobs = jobs_for(source, "");
  CopyProgress progress;

  auto copied = CopyEngine(small_buffers()).run(source, destination, jobs, &progress);

  ASSERT_TRUE(copied) << copied.error().to_string();
  EXPECT_EQ(destination.objects().at("f/1"), pattern(4000, 'r'));
  EXPECT_EQ(destination.objects().at("f/2"), pattern(3000, 's'));
  EXPECT_GE(progress.retries, 1u);
  EXPECT_EQ(progress.bytes_done, 7000u);
}

CopyOptions fast_retries(int concurrency) {
  CopyOptions options = small_buffers();
  options.concurrency = concurrency;
  options.initial_backoff = std::chrono::milliseconds(1);
  return options;
}

void expect_copied(const MemoryStore& source, const MemoryStore& destination) {
  const auto src_objects = source.objects();
  const auto dst_objects = destination.objects();
  ASSERT_EQ(dst_objects.size(), src_objects.size());
  for (const auto& [key, data] : src_objects) EXPECT_EQ(dst_objects.at(key), data) << key;
}

TEST(CopyEngine, ThrottlingNarrowsTheWindowAndTheCopyCompletes) {
  MemoryStore source("a"), destination("b");
  for (int i = 0; i < 16; ++i) source.set("f/" + std::to_string(i), pattern(3000, static_cast<char>('a' + i)));
  // Reads slow enough that eight workers surely overlap; more than two at once are throttled.
  source.throttle_reads_above(2, std::chrono::milliseconds(10));
  auto options = fast_retries(8);
  options.successes_per_window_step = 1000;  // no growing back: the window shows where the cuts left it
  options.max_throttled_attempts = 4;        // a fixed window of 8 would use these up
  auto jobs = jobs_for(source, "");
  CopyProgress progress;

  auto copied = CopyEngine(options).run(source, destination, jobs, &progress);

  ASSERT_TRUE(copied) << copied.error().to_string();
  expect_copied(source, destination);
  EXPECT_GE(source.throttled_reads, 1);
  EXPECT_EQ(progress.throttled, static_cast<uint64_t>(source.throttled_reads.load()));
  EXPECT_LE(progress.concurrency_window, 2u);
  EXPECT_EQ(progress.bytes_done, progress.bytes_total);
}

TEST(CopyEngine, WindowGrowsBackOnceThrottlingStops) {
  MemoryStore source("a"), destination("b");
  for (int i = 0; i < 40; ++i) source.set("f/" + std::to_string(i), pattern(500, 'w'));
  source.fail_next_reads(3, MemoryStore::ReadFault::kThrottled);
  auto options = fast_retries(4);
  options.successes_per_window_step = 2;
  auto jobs = jobs_for(source, "");
  CopyProgress progress;

  auto copied = CopyEngine(options).run(source, destination, jobs, &progress);

  ASSERT_TRUE(copied) << copied.error().to_string();
  expect_copied(source, destination);
  EXPECT_EQ(progress.throttled, 3u);
  EXPECT_EQ(progress.retries, 3u);
  EXPECT_EQ(progress.concurrency_window, 4u);
}

TEST(CopyEngine, ThrottlingThatNeverStopsFailsWithTheStoresAnswer) {
  MemoryStore source("a"), destination("b");
  source.set("f/1", pattern(2000, 't'));
  source.fail_next_reads(1'000, MemoryStore::ReadFault::kThrottled);
  auto options = fast_retries(2);
  options.max_throttled_attempts = 5;
  std::vector<CopyJob> jobs{{"f/1", "out/1", 2000}};

  auto copied = CopyEngine(options).run(source, destination, jobs);

  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().get("http_status"), "503");
  EXPECT_EQ(copied.error().get("copy_attempts"), "5");
  EXPECT_EQ(copied.error().get("destination_key"), "out/1");
  EXPECT_EQ(source.throttled_reads, 5);
  EXPECT_TRUE(destination.objects().empty());
}

TEST(CopyEngine, PermanentFailureNamesBothKeysAndLeavesNoPartialObject) {
  MemoryStore source("a"), destination("b");
  source.set("f/bad", pattern(5000, 'e'));
  source.fail_reads_of("f/bad");
  std::vector<CopyJob> jobs{{"f/bad", "out/bad", 5000}};

  auto copied = CopyEngine(small_buffers()).run(source, destination, jobs);

  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(copied.error().get("source_key"), "f/bad");
  EXPECT_EQ(copied.error().get("destination_key"), "out/bad");
  EXPECT_TRUE(destination.objects().empty());
}

TEST(CopyEngine, SourceShorterThanListedIsCorrupt) {
  MemoryStore source("a"), destination("b");
  source.set("f/short", "abc");
  std::vector<CopyJob> jobs{{"f/short", "out/short", 10}};

  auto copied = CopyEngine(small_buffers()).run(source, destination, jobs);

  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().code, ErrorCode::kCorrupt);
  EXPECT_TRUE(destination.objects().empty());
}

TEST(CopyEngine, CancelledRunCopiesNothing) {
  MemoryStore source("a"), destination("b");
  source.set("f/1", pattern(4000, 'c'));
  auto jobs = jobs_for(source, "");
  CancellationToken cancel;
  cancel.cancel();

  auto copied = CopyEngine(small_buffers()).run(source, destination, jobs, nullptr, &cancel);

  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().code, ErrorCode::kCancelled);
  EXPECT_TRUE(destination.objects().empty());
}

// Reads of 1000-byte buffers into destinations whose writers buffer parts of kWriterPart bytes: an
// object of a part or more reserves 3000 bytes of the budget.
constexpr uint64_t kWriterPart = 2000;
CopyOptions tight_budget(uint64_t budget_bytes) {
  CopyOptions options = small_buffers();
  options.concurrency = 8;
  options.memory_budget_bytes = budget_bytes;
  return options;
}

// Every read takes `latency`, long enough for the workers' objects to overlap; none is throttled.
void slow_reads(MemoryStore& source, std::chrono::milliseconds latency) {
  source.throttle_reads_above(1'000, latency);
}

TEST(CopyEngine, MemoryBudgetBoundsTheObjectsStreamedAtOnce) {
  MemoryStore source("a"), destination("b", kWriterPart);
  for (int i = 0; i < 24; ++i) source.set("f/" + std::to_string(i), pattern(5000, static_cast<char>('a' + i)));
  slow_reads(source, std::chrono::milliseconds(2));
  auto jobs = jobs_for(source, "");

  auto copied = CopyEngine(tight_budget(3 * 3000)).run(source, destination, jobs);

  ASSERT_TRUE(copied) << copied.error().to_string();
  expect_copied(source, destination);
  EXPECT_LE(destination.max_open_writers, 3);  // not the 8 workers
  EXPECT_GE(destination.max_open_writers, 2);  // yet the budget is used
}

TEST(CopyEngine, ObjectsSmallerThanAPartReserveOnlyTheirSize) {
  MemoryStore source("a"), destination("b", kWriterPart);
  for (int i = 0; i < 32; ++i) source.set("f/" + std::to_string(i), pattern(100, 'm'));
  slow_reads(source, std::chrono::milliseconds(5));
  auto jobs = jobs_for(source, "");

  // 1100 bytes each: all 8 workers fit where only 3 objects of a part would.
  auto copied = CopyEngine(tight_budget(3 * 3000)).run(source, destination, jobs);

  ASSERT_TRUE(copied) << copied.error().to_string();
  expect_copied(source, destination);
  EXPECT_GT(destination.max_open_writers, 3);
}

TEST(CopyEngine, ObjectLargerThanTheBudgetStillCompletesAlone) {
  MemoryStore source("a"), destination("b", kWriterPart);
  source.set("f/big", pattern(50'000, 'B'));
  for (int i = 0; i < 10; ++i) source.set("f/small_" + std::to_string(i), pattern(100, 's'));
  auto jobs = jobs_for(source, "");
  CopyProgress progress;

  // The big object's share (3000) is more than the whole budget; two small ones (1100) fit.
  auto copied = CopyEngine(tight_budget(2500)).run(source, destination, jobs, &progress);

  ASSERT_TRUE(copied) << copied.error().to_string();
  expect_copied(source, destination);
  EXPECT_LE(destination.max_open_writers, 2);
  EXPECT_EQ(progress.bytes_done, progress.bytes_total);
}

TEST(CopyEngine, ThrottlingUnderATightBudgetCompletes) {
  MemoryStore source("a"), destination("b", kWriterPart);
  for (int i = 0; i < 16; ++i) source.set("f/" + std::to_string(i), pattern(3000, static_cast<char>('a' + i)));
  source.throttle_reads_above(2, std::chrono::milliseconds(5));
  auto options = tight_budget(4 * 3000);
  options.initial_backoff = std::chrono::milliseconds(1);
  auto jobs = jobs_for(source, "");

  auto copied = CopyEngine(options).run(source, destination, jobs);

  ASSERT_TRUE(copied) << copied.error().to_string();
  expect_copied(source, destination);
  EXPECT_LE(destination.max_open_writers, 4);
}

TEST(CopyEngine, CancellingWhileObjectsWaitForTheBudgetStopsTheRun) {
  MemoryStore source("a"), destination("b", kWriterPart);
  for (int i = 0; i < 40; ++i) source.set("f/" + std::to_string(i), pattern(5000, 'w'));
  slow_reads(source, std::chrono::milliseconds(5));
  auto jobs = jobs_for(source, "");
  CancellationToken cancel;
  std::jthread canceller([&cancel] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    cancel.cancel();
  });

  auto copied = CopyEngine(tight_budget(3000)).run(source, destination, jobs, nullptr, &cancel);

  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().code, ErrorCode::kCancelled);
  EXPECT_LT(destination.objects().size(), jobs.size());
  EXPECT_EQ(destination.open_writers, 0);
}

// Another job holds the whole process budget: a cancelled run must not wait for it to let go.
TEST(CopyEngine, ACancelledRunStopsWaitingForMemoryOthersHold) {
  MemoryStore source("a"), destination("b", kWriterPart);
  for (int i = 0; i < 8; ++i) source.set("f/" + std::to_string(i), pattern(5000, 'q'));
  auto jobs = jobs_for(source, "");
  const uint64_t budget_bytes = 3000;
  const auto held_by_another_job = process_memory_budget(budget_bytes).reserve(budget_bytes);
  CancellationToken cancel;
  std::jthread canceller([&cancel] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    cancel.cancel();
  });

  auto copied = CopyEngine(tight_budget(budget_bytes)).run(source, destination, jobs, nullptr, &cancel);

  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().code, ErrorCode::kCancelled);
  EXPECT_TRUE(destination.objects().empty());
  EXPECT_EQ(process_memory_budget(budget_bytes).waiting(), 0u);
}

// Two runs in one process (two collections of a restore, two jobs of a server) draw from one
// budget: together they hold no more than it, where each with its own would hold that much.
TEST(CopyEngine, ParallelRunsTogetherStayWithinTheProcessBudget) {
  MemoryStore source("a"), destination("b", kWriterPart);
  for (int i = 0; i < 16; ++i) source.set("f/" + std::to_string(i), pattern(5000, static_cast<char>('a' + i)));
  slow_reads(source, std::chrono::milliseconds(2));
  const auto first_jobs = jobs_for(source, "first/");
  const auto second_jobs = jobs_for(source, "second/");
  const uint64_t budget_bytes = 3 * 3000;
  MemoryBudget& budget = process_memory_budget(budget_bytes);
  budget.reset_peak();

  std::optional<Result<std::vector<CopiedObject>>> first_copied;
  std::optional<Result<std::vector<CopiedObject>>> second_copied;
  {
    std::jthread first(
        [&] { first_copied = CopyEngine(tight_budget(budget_bytes)).run(source, destination, first_jobs); });
    std::jthread second(
        [&] { second_copied = CopyEngine(tight_budget(budget_bytes)).run(source, destination, second_jobs); });
  }

  ASSERT_TRUE(*first_copied) << first_copied->error().to_string();
  ASSERT_TRUE(*second_copied) << second_copied->error().to_string();
  EXPECT_EQ(destination.objects().size(), first_jobs.size() + second_jobs.size());
  EXPECT_LE(budget.peak_reserved(), budget_bytes);
  EXPECT_GE(budget.peak_reserved(), 2 * 3000u);  // yet the budget is used
  EXPECT_LE(destination.max_open_writers, 3);    // three objects of both runs, not three of each
}

TEST(CopyEngine, NoJobsIsNoWork) {
  MemoryStore source("a"), destination("b");
  auto copied = CopyEngine(small_buffers()).run(source, destination, {});
  ASSERT_TRUE(copied);
  EXPECT_TRUE(copied->empty());
}

}  // namespace
}  // namespace mb::copy
