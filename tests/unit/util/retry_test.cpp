#include "util/retry.h"

#include <gtest/gtest.h>

#include <vector>

namespace mb::retry {
namespace {

using namespace std::chrono_literals;

Error http_error(int status) {
  return Error(ErrorCode::kStorage, "server said no").with(kHttpStatusKey, std::to_string(status));
}
Error transport_error(bool sent) {
  Error e(ErrorCode::kUnavailable, "connection reset");
  if (!sent) e.with(kRequestSentKey, "no");
  return e;
}

TEST(RetryDecision, IdempotentCallsRetryTransportAndTransientStatuses) {
  for (int status : {408, 429, 500, 502, 503, 504}) {
    EXPECT_TRUE(should_retry(http_error(status), Replay::kIdempotent)) << status;
  }
  for (int status : {400, 401, 403, 404, 409, 412, 416, 501}) {
    EXPECT_FALSE(should_retry(http_error(status), Replay::kIdempotent)) << status;
  }
  EXPECT_TRUE(should_retry(transport_error(true), Replay::kIdempotent));
  EXPECT_TRUE(should_retry(Error(ErrorCode::kTimeout, "stalled"), Replay::kIdempotent));
}

TEST(RetryDecision, NonTransportErrorsAreFinal) {
  EXPECT_FALSE(should_retry(Error(ErrorCode::kPermissionDenied, "bad key"), Replay::kIdempotent));
  EXPECT_FALSE(should_retry(Error(ErrorCode::kConfig, "bad CA file"), Replay::kIdempotent));
  EXPECT_FALSE(should_retry(Error(ErrorCode::kIo, "disk full"), Replay::kIdempotent));
}

TEST(RetryDecision, NonIdempotentCallsRetryOnlyWhatTheServerCannotHaveDone) {
  EXPECT_TRUE(should_retry(transport_error(false), Replay::kNotIdempotent));
  EXPECT_TRUE(should_retry(http_error(503), Replay::kNotIdempotent));
  EXPECT_TRUE(should_retry(http_error(429), Replay::kNotIdempotent));
  // The request may have been carried out: a blind repeat could create a second upload.
  EXPECT_FALSE(should_retry(transport_error(true), Replay::kNotIdempotent));
  EXPECT_FALSE(should_retry(http_error(500), Replay::kNotIdempotent));
  EXPECT_FALSE(should_retry(http_error(504), Replay::kNotIdempotent));
}

TEST(RetryBackoff, GrowsExponentiallyWithJitterInTheUpperHalfAndCaps) {
  const Policy policy{.max_attempts = 10, .initial_backoff = 100ms, .max_backoff = 1000ms};
  EXPECT_EQ(backoff_delay(policy, 1, 0.0), 50ms);
  EXPECT_EQ(backoff_delay(policy, 1, 0.999), 99ms);
  EXPECT_EQ(backoff_delay(policy, 2, 0.0), 100ms);
  EXPECT_EQ(backoff_delay(policy, 3, 0.5), 300ms);
  EXPECT_EQ(backoff_delay(policy, 5, 0.0), 500ms);  // 1600 capped to 1000
  EXPECT_EQ(backoff_delay(policy, 60, 0.0), 500ms);  // no overflow on absurd attempt counts
}

TEST(RetryRun, RetriesUntilSuccessAndSleepsBetween) {
  const Policy policy{.max_attempts = 5, .initial_backoff = 10ms, .max_backoff = 100ms};
  std::vector<std::chrono::milliseconds> sleeps;
  int calls = 0;
  Result<int> result = run(
      policy, Replay::kIdempotent,
      [&]() -> Result<int> {
        if (++calls < 3) return fail(http_error(503));
        return 42;
      },
      [&](std::chrono::milliseconds d) { sleeps.push_back(d); });
  ASSERT_TRUE(result);
  EXPECT_EQ(*result, 42);
  EXPECT_EQ(calls, 3);
  ASSERT_EQ(sleeps.size(), 2u);
  EXPECT_GE(sleeps[0], 5ms);
  EXPECT_GE(sleeps[1], 10ms);
}

TEST(RetryRun, StopsAtMaxAttemptsAndSaysHowMany) {
  const Policy policy{.max_attempts = 3, .initial_backoff = 1ms, .max_backoff = 1ms};
  int calls = 0;
  Status result = run(policy, Replay::kIdempotent, [&]() -> Status {
    ++calls;
    return fail(http_error(500));
  }, [](auto) {});
  ASSERT_FALSE(result);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(result.error().get("attempts"), "3");
  EXPECT_EQ(result.error().get(kHttpStatusKey), "500");
}

TEST(RetryRun, DoesNotRepeatAFinalError) {
  int calls = 0;
  Status result = run(Policy{}, Replay::kIdempotent, [&]() -> Status {
    ++calls;
    return fail(http_error(403));
  }, [](auto) { FAIL() << "must not sleep"; });
  EXPECT_FALSE(result);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(result.error().get("attempts"), "");
}

TEST(RetryRun, NeverReplaysANonIdempotentCallThatMayHaveLanded) {
  int calls = 0;
  Status result = run(Policy{}, Replay::kNotIdempotent, [&]() -> Status {
    ++calls;
    return fail(transport_error(true));
  }, [](auto) {});
  EXPECT_FALSE(result);
  EXPECT_EQ(calls, 1);
}

TEST(RetryRun, AWindowKeepsRetryingPastMaxAttemptsUntilItEnds) {
  const Policy policy{.max_attempts = 2, .initial_backoff = 5ms, .max_backoff = 20ms, .window = 300ms};
  int calls = 0;
  const auto start = std::chrono::steady_clock::now();
  Status result = run(policy, Replay::kIdempotent, [&]() -> Status {
    ++calls;
    return fail(transport_error(false).with("store", "s3://b (http://127.0.0.1:1)"));
  });
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(result);
  EXPECT_GT(calls, 2);
  EXPECT_GE(took, 300ms);
  EXPECT_LT(took, 2s);
  EXPECT_FALSE(result.error().get("waited_s").empty());
  EXPECT_EQ(result.error().get("store"), "s3://b (http://127.0.0.1:1)");
}

TEST(RetryRun, AWindowRidesOutAnOutage) {
  const Policy policy{.max_attempts = 1, .initial_backoff = 5ms, .max_backoff = 10ms, .window = 5s};
  const auto back_at = std::chrono::steady_clock::now() + 100ms;
  Result<int> result = run(policy, Replay::kIdempotent, [&]() -> Result<int> {
    if (std::chrono::steady_clock::now() < back_at) return fail(http_error(503));
    return 7;
  });
  ASSERT_TRUE(result);
  EXPECT_EQ(*result, 7);
}

TEST(RetryRun, AWindowDoesNotRetryWhatIsNotWorthIt) {
  const Policy policy{.max_attempts = 1, .initial_backoff = 5ms, .max_backoff = 10ms, .window = 5s};
  int calls = 0;
  Status result = run(policy, Replay::kIdempotent, [&]() -> Status {
    ++calls;
    return fail(http_error(403));
  });
  ASSERT_FALSE(result);
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace mb::retry
