#include "storage/part_buffer.h"

#include <gtest/gtest.h>

#include <vector>

namespace mb::storage {
namespace {

constexpr uint64_t kMiB = uint64_t{1} << 20;
constexpr PartLimits kLimits{.max_part_size = 64 * kMiB, .max_parts = 100, .parts_per_size_step = 10};

TEST(PartPlan, KnownSizeUsesTheMinimumWhileItFits) {
  const PartPlan plan = plan_parts(50 * kMiB, 8 * kMiB, kLimits);
  EXPECT_EQ(plan.part_size(1), 8 * kMiB);
  EXPECT_EQ(plan.part_size(99), 8 * kMiB);
}

TEST(PartPlan, KnownSizeGrowsPartsToStayWithinMaxPartsRoundedToMiB) {
  const PartPlan plan = plan_parts(1000 * kMiB + 1, 1 * kMiB, kLimits);
  EXPECT_EQ(plan.part_size(1), 11 * kMiB);  // 10 MiB and a byte per part, rounded up
  EXPECT_EQ(plan_parts(100'000 * kMiB, kMiB, kLimits).part_size(1), 64 * kMiB);  // capped
}

TEST(PartPlan, UnknownSizeDoublesEveryStepUpToTheMaximum) {
  const PartPlan plan = plan_parts(std::nullopt, 8 * kMiB, kLimits);
  EXPECT_EQ(plan.part_size(1), 8 * kMiB);
  EXPECT_EQ(plan.part_size(10), 8 * kMiB);
  EXPECT_EQ(plan.part_size(11), 16 * kMiB);
  EXPECT_EQ(plan.part_size(21), 32 * kMiB);
  EXPECT_EQ(plan.part_size(41), 64 * kMiB);
}

std::span<const std::byte> bytes(const std::string& text) { return std::as_bytes(std::span(text)); }

struct Sent {
  std::vector<std::string> parts;
  PartBuffer::SendPart sender() {
    return [this](std::string_view part) -> Status {
      parts.emplace_back(part);
      return {};
    };
  }
};

TEST(PartBuffer, AFullPartIsSentOnlyOnceMoreBytesFollow) {
  PartBuffer buffer(PartPlan{.limits = kLimits, .first_part_size = 4, .size_hint = std::nullopt});
  Sent sent;
  ASSERT_TRUE(buffer.append(bytes("abcd"), sent.sender()));
  EXPECT_TRUE(sent.parts.empty());  // exactly one part: it can still go up as one PUT
  EXPECT_EQ(buffer.pending(), "abcd");
  ASSERT_TRUE(buffer.append(bytes("efghij"), sent.sender()));
  EXPECT_EQ(sent.parts, (std::vector<std::string>{"abcd", "efgh"}));
  EXPECT_EQ(buffer.pending(), "ij");
  ASSERT_TRUE(buffer.flush(sent.sender()));
  EXPECT_EQ(sent.parts.back(), "ij");
  EXPECT_EQ(buffer.parts_sent(), 3);
  ASSERT_TRUE(buffer.flush(sent.sender()));  // nothing left: nothing sent
  EXPECT_EQ(buffer.parts_sent(), 3);
}

TEST(PartBuffer, AFailedSendStopsTheAppend) {
  PartBuffer buffer(PartPlan{.limits = kLimits, .first_part_size = 2, .size_hint = 6});
  int calls = 0;
  auto failing = [&](std::string_view) -> Status {
    ++calls;
    return fail(ErrorCode::kUnavailable, "down");
  };
  auto appended = buffer.append(bytes("abcdef"), failing);
  ASSERT_FALSE(appended);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(buffer.parts_sent(), 0);
}

}  // namespace
}  // namespace mb::storage
