#include "util/retry.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <random>
#include <thread>

namespace mb::retry {
namespace {

bool is_transport_failure(const Error& error) {
  return error.get(kHttpStatusKey).empty() &&
         (error.code == ErrorCode::kUnavailable || error.code == ErrorCode::kTimeout);
}

int http_status(const Error& error) {
  const std::string_view text = error.get(kHttpStatusKey);
  int status = 0;
  std::from_chars(text.data(), text.data() + text.size(), status);
  return status;
}

}  // namespace

bool should_retry(const Error& error, Replay replay) {
  const int status = http_status(error);
  if (replay == Replay::kNotIdempotent) {
    // A request that never left, or that the server refused before acting on it (throttling).
    return (is_transport_failure(error) && error.get(kRequestSentKey) == "no") || status == 429 || status == 503;
  }
  if (is_transport_failure(error)) return true;
  switch (status) {
    case 408: case 429: case 500: case 502: case 503: case 504: return true;
    default: return false;
  }
}

std::chrono::milliseconds backoff_delay(const Policy& policy, int attempt, double unit_random) {
  // Doubling stops at max_backoff; the shift is capped so it cannot overflow on long runs.
  const int doublings = std::clamp(attempt - 1, 0, 30);
  const auto uncapped = policy.initial_backoff.count() * (int64_t{1} << doublings);
  const int64_t ceiling = std::min<int64_t>(uncapped, policy.max_backoff.count());
  // Half fixed, half random: spreads out clients that failed together while still backing off.
  const auto half = ceiling / 2;
  return std::chrono::milliseconds(half + static_cast<int64_t>(unit_random * static_cast<double>(ceiling - half)));
}

void sleep_for(std::chrono::milliseconds delay) { std::this_thread::sleep_for(delay); }

void log_retry(const Error& error, int attempt, std::chrono::milliseconds delay) {
  spdlog::debug("retrying after a transient failure attempt={} delay_ms={} error={}", attempt, delay.count(),
                error.to_string());
}

void log_waiting(const Error& error, std::chrono::milliseconds waited, std::chrono::milliseconds window) {
  spdlog::warn("waiting for {}: {}; retrying for up to {} s more (transfer.retryWindowSeconds)",
               error.get("store").empty() ? std::string_view("the store") : error.get("store"), error.message,
               std::chrono::duration_cast<std::chrono::seconds>(window - waited).count());
}

double next_unit_random() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

}  // namespace mb::retry
