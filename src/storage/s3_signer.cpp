#include "storage/s3_signer.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>

#include "util/digest.h"
#include "util/url_encode.h"

namespace mb::storage::sigv4 {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Trims the value and turns each run of spaces into one, as SigV4's Trimall does.
std::string trim_all(std::string_view value) {
  std::string out;
  bool pending_space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

// Lower-case name -> values joined with ',' in the order sent; std::map sorts the names.
std::map<std::string, std::string> canonical_headers(const http::Headers& headers) {
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : headers) {
    auto [it, inserted] = out.try_emplace(lower(name), trim_all(value));
    if (!inserted) it->second += "," + trim_all(value);
  }
  return out;
}

std::string credential_scope(const Scope& scope) {
  return std::string(scope.date) + "/" + std::string(scope.region) + "/" + std::string(scope.service) + "/aws4_request";
}

std::string_view header_value(const http::Headers& headers, std::string_view lower_name) {
  for (const auto& [name, value] : headers) {
    if (lower(name) == lower_name) return value;
  }
  return {};
}

}  // namespace

std::string amz_date(std::chrono::system_clock::time_point time) {
  const std::time_t t = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[17];
  std::strftime(out, sizeof out, "%Y%m%dT%H%M%SZ", &tm);
  return out;
}

std::string canonical_uri(std::string_view path) {
  if (path.empty()) return "/";
  std::string out = url_encode(path, /*keep_slash=*/true);
  return out.front() == '/' ? out : "/" + out;
}

std::string canonical_query(const Query& query) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(query.size());
  for (const auto& [name, value] : query) encoded.emplace_back(url_encode(name, false), url_encode(value, false));
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out += '&';
    out += name + "=" + value;
  }
  return out;
}

std::string signed_header_names(const http::Headers& headers) {
  std::string out;
  for (const auto& [name, value] : canonical_headers(headers)) {
    if (!out.empty()) out += ';';
    out += name;
  }
  return out;
}

std::string canonical_request(const RequestToSign& request) {
  std::string out;
  out += request.method;
  out += '\n' + canonical_uri(request.path);
  out += '\n' + canonical_query(request.query);
  out += '\n';
  for (const auto& [name, value] : canonical_headers(request.headers)) out += name + ":" + value + "\n";
  out += '\n' + signed_header_names(request.headers);
  out += '\n';
  out += request.payload_hash;
  return out;
}

std::string string_to_sign(std::string_view amz_date, const Scope& scope, std::string_view canonical_request) {
  return "AWS4-HMAC-SHA256\n" + std::string(amz_date) + "\n" + credential_scope(scope) + "\n" +
         digest::sha256_hex(canonical_request);
}

std::string signing_key(std::string_view secret_access_key, const Scope& scope) {
  const std::string date_key = digest::hmac_sha256("AWS4" + std::string(secret_access_key), scope.date);
  const std::string region_key = digest::hmac_sha256(date_key, scope.region);
  const std::string service_key = digest::hmac_sha256(region_key, scope.service);
  return digest::hmac_sha256(service_key, "aws4_request");
}

std::string signature(std::string_view signing_key, std::string_view string_to_sign) {
  return digest::hex(digest::hmac_sha256(signing_key, string_to_sign));
}

std::string authorization(const RequestToSign& request, const Credentials& credentials, std::string_view region,
                          std::string_view service) {
  const std::string_view date_time = header_value(request.headers, "x-amz-date");
  const Scope scope{date_time.substr(0, 8), region, service};
  const std::string to_sign = string_to_sign(date_time, scope, canonical_request(request));
  return "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" + credential_scope(scope) +
         ", SignedHeaders=" + signed_header_names(request.headers) +
         ", Signature=" + signature(signing_key(credentials.secret_access_key, scope), to_sign);
}

void sign_s3_request(std::string_view method, std::string_view path, const Query& query, http::Headers& headers,
                     std::string_view payload_hash, const Credentials& credentials, std::string_view region,
                     std::chrono::system_clock::time_point now) {
  headers.emplace_back("x-amz-date", amz_date(now));
  headers.emplace_back("x-amz-content-sha256", std::string(payload_hash));
  if (!credentials.session_token.empty()) headers.emplace_back("x-amz-security-token", credentials.session_token);
  const RequestToSign request{method, path, query, headers, payload_hash};
  headers.emplace_back("Authorization", authorization(request, credentials, region, "s3"));
}

}  // namespace mb::storage::sigv4
