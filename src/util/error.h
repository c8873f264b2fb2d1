// Errors are values: every fallible call across a module boundary returns Result<T>.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mb {

enum class ErrorCode {
  kInvalidArgument,   // bad user input: name, flag, filter, config value
  kNotFound,          // collection, backup, object, database that does not exist
  kAlreadyExists,     // backup name taken, collection exists
  kPermissionDenied,  // wrong credentials, 401/403
  kUnavailable,       // server unreachable, connection refused, 503 after retries
  kTimeout,           // deadline exceeded
  kCorrupt,           // malformed meta, checksum mismatch, size mismatch
  kMilvus,            // Milvus answered with a non-success status
  kStorage,           // object store answered with an unexpected HTTP status
  kIo,                // local file system failure
  kConfig,            // configuration could not be loaded or validated
  kCancelled,         // the user or the job manager cancelled the work
  kInternal,          // a bug: an invariant did not hold
};

std::string_view to_string(ErrorCode code);

// An error with the context a user needs to act on it: which collection, which object key, which
// HTTP status. Context is ordered as it was added (outermost last).
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<std::pair<std::string, std::string>> context;

  Error() = default;
  Error(ErrorCode c, std::string msg) : code(c), message(std::move(msg)) {}

  Error& with(std::string key, std::string value) & {
    context.emplace_back(std::move(key), std::move(value));
    return *this;
  }
  Error&& with(std::string key, std::string value) && {
    context.emplace_back(std::move(key), std::move(value));
    return std::move(*this);
  }
  // Looks up a context value; empty when absent.
  std::string_view get(std::string_view key) const;

  // "message (key=value, key=value)"
  std::string to_string() const;
};

template <typename T>
using Result = std::expected<T, Error>;
using Status = Result<void>;

inline std::unexpected<Error> fail(ErrorCode code, std::string message) {
  return std::unexpected<Error>(Error(code, std::move(message)));
}
inline std::unexpected<Error> fail(Error error) { return std::unexpected<Error>(std::move(error)); }

// Prefixes the message of an error travelling up, e.g. "backup my_backup: <cause>".
inline Error wrap(Error error, std::string_view what) {
  error.message = std::string(what) + ": " + error.message;
  return error;
}

}  // namespace mb

// Returns early with the error of a Result expression; otherwise yields its value.
#define MB_TRY(var, expr)                                      \
  auto var##_result_ = (expr);                                 \
  if (!var##_result_) return std::unexpected(std::move(var##_result_).error()); \
  auto var = std::move(var##_result_).value()

#define MB_CHECK(expr)                                         \
  do {                                                         \
    auto mb_check_result_ = (expr);                            \
    if (!mb_check_result_) return std::unexpected(std::move(mb_check_result_).error()); \
  } while (0)
