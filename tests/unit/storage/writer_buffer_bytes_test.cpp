// What each backend says its writers buffer, which the copy engine reserves from its memory budget.
#include <gtest/gtest.h>

#include "storage/azure_store.h"
#include "storage/gcs_store.h"
#include "storage/local_store.h"
#include "storage/s3_store.h"

namespace mb::storage {
namespace {

constexpr uint64_t kMiB = uint64_t{1} << 20;
constexpr uint64_t kGiB = uint64_t{1} << 30;

TEST(WriterBufferBytes, LocalWritersBufferNothing) {
  const LocalStore store("/nonexistent");
  EXPECT_EQ(store.writer_buffer_bytes(0), 0u);
  EXPECT_EQ(store.writer_buffer_bytes(100 * kGiB), 0u);
}

TEST(WriterBufferBytes, S3BuffersAPartOrTheSmallerObject) {
  const S3Store store(std::make_shared<s3::Client>(s3::ClientConfig{}), S3StoreOptions{.min_part_size = 5 * kMiB});
  EXPECT_EQ(store.writer_buffer_bytes(0), 0u);
  EXPECT_EQ(store.writer_buffer_bytes(1000), 1000u);
  EXPECT_EQ(store.writer_buffer_bytes(5 * kMiB), 5 * kMiB);
  EXPECT_EQ(store.writer_buffer_bytes(3 * kGiB), 5 * kMiB);
  // 100 GiB in at most 10,000 parts takes parts of 10.24 MiB, rounded up to 11 MiB.
  EXPECT_EQ(store.writer_buffer_bytes(100 * kGiB), 11 * kMiB);
}

TEST(WriterBufferBytes, AzureBuffersABlockOrTheSmallerObject) {
  AzureStoreOptions options;
  options.min_block_size = 4 * kMiB;
  const AzureStore store(std::make_shared<azure::Client>(azure::ClientConfig{}), options);
  EXPECT_EQ(store.writer_buffer_bytes(1000), 1000u);
  EXPECT_EQ(store.writer_buffer_bytes(kGiB), 4 * kMiB);
  // 400 GiB in at most 50,000 blocks takes blocks of 8.192 MiB, rounded up to 9 MiB.
  EXPECT_EQ(store.writer_buffer_bytes(400 * kGiB), 9 * kMiB);
}

TEST(WriterBufferBytes, GcsBuffersAChunkAndOneByteOrTheSmallerObject) {
  const GcsStore store(std::make_shared<gcs::Client>(gcs::ClientConfig{}), GcsStoreOptions{.chunk_size = 256 << 10});
  EXPECT_EQ(store.writer_buffer_bytes(1000), 1000u);
  EXPECT_EQ(store.writer_buffer_bytes(256 << 10), uint64_t{256} << 10);
  // A chunk goes up only once a byte past it shows that more follow.
  EXPECT_EQ(store.writer_buffer_bytes(kGiB), (uint64_t{256} << 10) + 1);
}

}  // namespace
}  // namespace mb::storage
