#include "util/error.h"

namespace mb {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid argument";
    case ErrorCode::kNotFound: return "not found";
    case ErrorCode::kAlreadyExists: return "already exists";
    case ErrorCode::kPermissionDenied: return "permission denied";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kTimeout: return "timeout";
    case ErrorCode::kCorrupt: return "corrupt";
    case ErrorCode::kMilvus: return "milvus error";
    case ErrorCode::kStorage: return "storage error";
    case ErrorCode::kIo: return "io error";
    case ErrorCode::kConfig: return "config error";
    case ErrorCode::kCancelled: return "cancelled";
    case ErrorCode::kInternal: return "internal error";
  }
  return "unknown";
}

std::string_view Error::get(std::string_view key) const {
  for (const auto& [k, v] : context) {
    if (k == key) return v;
  }
  return {};
}

std::string Error::to_string() const {
  std::string out = message;
  if (!context.empty()) {
    out += " (";
    for (size_t i = 0; i < context.size(); ++i) {
      if (i) out += ", ";
      out += context[i].first + "=" + context[i].second;
    }
    out += ")";
  }
  return out;
}

}  // namespace mb
