#include "storage/azure_shared_key.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <map>

#include "util/digest.h"

namespace mb::storage::azure {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view header_value(const http::Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (lower(key) == name) return value;
  }
  return {};
}

}  // namespace

std::string canonicalized_headers(const http::Headers& headers) {
  std::vector<std::pair<std::string, std::string_view>> ms_headers;
  for (const auto& [name, value] : headers) {
    std::string lowered = lower(trim(name));
    if (lowered.starts_with("x-ms-")) ms_headers.emplace_back(std::move(lowered), trim(value));
  }
  std::sort(ms_headers.begin(), ms_headers.end());
  std::string out;
  for (const auto& [name, value] : ms_headers) {
    out.append(name).append(":").append(value).append("\n");
  }
  return out;
}

std::string canonicalized_resource(std::string_view account, std::string_view encoded_path, const Query& query) {
  std::string out = "/" + std::string(account) + std::string(encoded_path.empty() ? "/" : encoded_path);
  std::map<std::string, std::vector<std::string>> parameters;  // sorted by lower-case name
  for (const auto& [name, value] : query) parameters[lower(name)].push_back(value);
  for (auto& [name, values] : parameters) {
    std::sort(values.begin(), values.end());
    out.append("\n").append(name).append(":");
    for (size_t i = 0; i < values.size(); ++i) {
      if (i > 0) out.push_back(',');
      out.append(values[i]);
    }
  }
  return out;
}

std::string string_to_sign(const RequestToSign& request) {
  auto field = [&](std::string_view name) { return std::string(header_value(request.headers, name)) + "\n"; };
  std::string out = std::string(request.method) + "\n";
  out += field("content-encoding");
  out += field("content-language");
  out += (request.content_length == 0 ? std::string() : std::to_string(request.content_length)) + "\n";
  out += field("content-md5");
  out += field("content-type");
  out += field("date");
  out += field("if-modified-since");
  out += field("if-match");
  out += field("if-none-match");
  out += field("if-unmodified-since");
  out += field("range");
  out += canonicalized_headers(request.headers);
  out += canonicalized_resource(request.account, request.encoded_path, request.query);
  return out;
}

std::string signature(std::string_view account_key, std::string_view string_to_sign) {
  return digest::base64_encode(digest::hmac_sha256(account_key, string_to_sign));
}

std::string authorization(const RequestToSign& request, std::string_view account_key) {
  return "SharedKey " + std::string(request.account) + ":" + signature(account_key, string_to_sign(request));
}

std::string http_date(std::chrono::system_clock::time_point time) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char out[64];
  std::snprintf(out, sizeof out, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return out;
}

Result<std::string> decode_account_key(std::string_view base64_key) {
  const std::string_view key = trim(base64_key);
  const bool well_formed = !key.empty() && key.size() % 4 == 0 &&
                           std::all_of(key.begin(), key.end(), [](unsigned char c) {
                             return std::isalnum(c) || c == '+' || c == '/' || c == '=';
                           });
  std::string out(key.size() / 4 * 3, '\0');
  const int written = well_formed ? EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                                    reinterpret_cast<const unsigned char*>(key.data()),
                                                    static_cast<int>(key.size()))
                                  : -1;
  if (written < 0) {
    return fail(Error(ErrorCode::kInvalidArgument, "the Azure account key (storage.auth.accountKey) is not valid base64")
                    .with("config_key", "storage.auth.accountKey"));
  }
  // EVP_DecodeBlock counts the padding as zero bytes.
  const size_t padding = static_cast<size_t>(std::count(key.end() - std::min<size_t>(2, key.size()), key.end(), '='));
  out.resize(static_cast<size_t>(written) - padding);
  return out;
}

}  // namespace mb::storage::azure
