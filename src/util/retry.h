// Retries with exponential backoff and jitter, and the decision of which failures are worth a retry.
//
// Failures are Errors. The HTTP layer marks transport failures as kUnavailable/kTimeout without an
// http_status, and adds request_sent=no when the request never left this machine (connect or DNS
// failure); the stores put the HTTP status of a server's answer in http_status.
#pragma once

#include <algorithm>
#include <chrono>
#include <functional>
#include <string>
#include <utility>

#include "util/error.h"

namespace mb::retry {

// Context keys the decision reads.
inline constexpr const char* kHttpStatusKey = "http_status";
inline constexpr const char* kRequestSentKey = "request_sent";  // "no" when nothing reached the server

// Whether a failed call may be sent again.
enum class Replay {
  kIdempotent,     // GET, HEAD, DELETE, a PUT of a whole object or part: repeating it is harmless
  kNotIdempotent,  // e.g. CreateMultipartUpload: a blind repeat could leave an orphan upload behind, so
                   // only failures where the server cannot have acted are retried
};

struct Policy {
  int max_attempts = 5;  // including the first
  std::chrono::milliseconds initial_backoff{200};
  std::chrono::milliseconds max_backoff{10'000};
  // transfer.retryWindowSeconds: past max_attempts, a retriable failure is still retried until this
  // long after the first attempt, so that a store restarting (refusing connections, answering 5xx)
  // is waited for. Zero: max_attempts alone decides.
  std::chrono::milliseconds window{0};
};

// True when `error` is worth another attempt: transport failures and HTTP 408/429/500/502/503/504
// for idempotent calls; for non-idempotent ones only failures the server never acted on (not sent,
// 429, 503).
bool should_retry(const Error& error, Replay replay);

// The pause before attempt `attempt` + 1 (attempt counts from 1): exponential from
// initial_backoff, capped at max_backoff, of which the upper half is jitter; `unit_random` in [0, 1).
std::chrono::milliseconds backoff_delay(const Policy& policy, int attempt, double unit_random);

using Sleeper = std::function<void(std::chrono::milliseconds)>;
void sleep_for(std::chrono::milliseconds delay);
double next_unit_random();  // per-thread generator
void log_retry(const Error& error, int attempt, std::chrono::milliseconds delay);
// A warning, for the user watching the progress: what is being waited for, why, and how much longer.
void log_waiting(const Error& error, std::chrono::milliseconds waited, std::chrono::milliseconds window);

// Runs `call` until it succeeds, fails with an error not worth retrying, or both max_attempts and
// the policy's window are used up. The last error carries attempts=N when more than one attempt
// was made, and waited_s when the window was waited through.
template <typename Call>
auto run(const Policy& policy, Replay replay, Call&& call, const Sleeper& sleep = sleep_for) -> decltype(call()) {
  const auto start = std::chrono::steady_clock::now();
  for (int attempt = 1;; ++attempt) {
    auto result = call();
    if (result) return result;
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    const bool in_window = waited < policy.window;
    if ((attempt >= policy.max_attempts && !in_window) || !should_retry(result.error(), replay)) {
      if (attempt > 1) result.error().with("attempts", std::to_string(attempt));
      if (attempt >= policy.max_attempts && policy.window.count() > 0) {
        result.error().with("waited_s", std::to_string(waited.count() / 1000));
      }
      return result;
    }
    auto delay = backoff_delay(policy, attempt, next_unit_random());
    if (attempt >= policy.max_attempts) {
      delay = std::min(delay, policy.window - waited);
      log_waiting(result.error(), waited, policy.window);
    } else {
      log_retry(result.error(), attempt, delay);
    }
    sleep(delay);
  }
}

}  // namespace mb::retry
