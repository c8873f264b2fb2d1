#include "util/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <mutex>

#include "util/retry.h"

namespace mb::http {
namespace {

void init_curl_once() {
  // curl_global_init is not thread-safe itself; once per process, never undone (the process ends it).
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct EasyDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
using EasyPtr = std::unique_ptr<CURL, EasyDeleter>;

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

// State the curl callbacks of one transfer share.
struct Transfer {
  const Request* request = nullptr;
  CURL* curl = nullptr;
  Response* response = nullptr;
  // upload
  uint64_t uploaded = 0;
  std::optional<Error> reader_error;
  // download
  std::optional<std::span<std::byte>> into;
  size_t max_memory_body = 0;
  bool body_overflow = false;
};

size_t read_body(char* buffer, size_t size, size_t count, void* user) {
  auto& t = *static_cast<Transfer*>(user);
  const size_t capacity = size * count;
  if (t.request->body_reader) {
    const uint64_t left = t.request->body_size - t.uploaded;
    auto produced = t.request->body_reader(
        std::span(reinterpret_cast<std::byte*>(buffer), static_cast<size_t>(std::min<uint64_t>(capacity, left))));
    if (!produced) {
      t.reader_error = std::move(produced).error();
      return CURL_READFUNC_ABORT;
    }
    t.uploaded += *produced;
    return *produced;
  }
  const std::string_view body = t.request->body;
  const size_t n = std::min<size_t>(capacity, body.size() - t.uploaded);
  std::memcpy(buffer, body.data() + t.uploaded, n);
  t.uploaded += n;
  return n;
}

// curl rewinds the body when it re-sends a request on a fresh connection.
int seek_body(void* user, curl_off_t offset, int origin) {
  auto& t = *static_cast<Transfer*>(user);
  if (origin != SEEK_SET || offset < 0) return CURL_SEEKFUNC_CANTSEEK;
  if (t.request->body_reader) {
    // A stream can only "rewind" to where it is, i.e. before anything was read.
    if (static_cast<uint64_t>(offset) != t.uploaded) return CURL_SEEKFUNC_CANTSEEK;
    return CURL_SEEKFUNC_OK;
  }
  if (static_cast<uint64_t>(offset) > t.request->body.size()) return CURL_SEEKFUNC_FAIL;
  t.uploaded = static_cast<uint64_t>(offset);
  return CURL_SEEKFUNC_OK;
}

size_t write_body(char* data, size_t size, size_t count, void* user) {
  auto& t = *static_cast<Transfer*>(user);
  const size_t n = size * count;
  long status = 0;
  curl_easy_getinfo(t.curl, CURLINFO_RESPONSE_CODE, &status);
  if (t.into && status >= 200 && status < 300) {
    if (t.response->body_size + n > t.into->size()) {
      t.body_overflow = true;
      return 0;  // makes curl stop with CURLE_WRITE_ERROR
    }
    std::memcpy(t.into->data() + t.response->body_size, data, n);
  } else {
    if (t.response->body.size() + n > t.max_memory_body) {
      t.body_overflow = true;
      return 0;
    }
    t.response->body.append(data, n);
  }
  t.response->body_size += n;
  return n;
}

size_t read_header(char* data, size_t size, size_t count, void* user) {
  auto& t = *static_cast<Transfer*>(user);
  const size_t n = size * count;
  const std::string_view line(data, n);
  if (line.starts_with("HTTP/")) {
    t.response->headers.clear();  // a new response begins (after "100 Continue" or a redirect)
  } else if (const size_t colon = line.find(':'); colon != std::string_view::npos) {
    t.response->headers.emplace_back(std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
  }
  return n;
}

Error transport_error(const Request& request, CURLcode code, const char* detail) {
  ErrorCode error_code = ErrorCode::kUnavailable;
  bool sent = true;
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      error_code = ErrorCode::kTimeout;
      break;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
      sent = false;
      break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
      // The TLS setup is wrong (CA file, host name); trying again cannot help.
      error_code = ErrorCode::kConfig;
      break;
    default:
      break;
  }
  std::string message = request.method + " " + HttpClient::redact_url(request.url) + ": " + curl_easy_strerror(code);
  if (detail != nullptr && *detail != '\0') message += std::string(" (") + detail + ")";
  Error error(error_code, std::move(message));
  error.with("url", HttpClient::redact_url(request.url)).with("curl_code", std::to_string(static_cast<int>(code)));
  if (!sent) error.with(retry::kRequestSentKey, "no");
  return error;
}

}  // namespace

std::string_view Response::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return {};
}

struct HttpClient::Pool {
  static constexpr size_t kMaxIdle = 256;
  std::mutex mutex;
  std::vector<EasyPtr> idle;

  EasyPtr acquire() {
    {
      std::lock_guard lock(mutex);
      if (!idle.empty()) {
        EasyPtr handle = std::move(idle.back());
        idle.pop_back();
        return handle;
      }
    }
    return EasyPtr(curl_easy_init());
  }

  void release(EasyPtr handle) {
    // Reset drops the options of the last request but keeps its open connection for the next.
    curl_easy_reset(handle.get());
    std::lock_guard lock(mutex);
    if (idle.size() < kMaxIdle) idle.push_back(std::move(handle));
  }
};

// Lends a pooled handle for the duration of one request.
struct HttpClient::Handle {
  Pool& pool;
  EasyPtr curl;
  explicit Handle(Pool& p) : pool(p), curl(p.acquire()) {}
  ~Handle() {
    if (curl) pool.release(std::move(curl));
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
};

HttpClient::HttpClient(ClientOptions options) : options_(std::move(options)), pool_(std::make_unique<Pool>()) {
  init_curl_once();
}

HttpClient::~HttpClient() = default;

Result<Response> HttpClient::send(const Request& request) { return perform(request, std::nullopt); }

Result<Response> HttpClient::send(const Request& request, std::span<std::byte> into) { return perform(request, into); }

Result<Response> HttpClient::perform(const Request& request, std::optional<std::span<std::byte>> into) {
  Handle handle(*pool_);
  CURL* curl = handle.curl.get();
  if (curl == nullptr) return fail(ErrorCode::kInternal, "curl_easy_init failed");

  Response response;
  Transfer transfer;
  transfer.request = &request;
  transfer.curl = curl;
  transfer.response = &response;
  transfer.into = into;
  transfer.max_memory_body = options_.max_memory_body;

  SlistPtr header_list;
  auto add_header = [&](const std::string& line) {
    // Returns the list's head (new on the first append); null on allocation failure, which leaves
    // the list as it was.
    if (curl_slist* head = curl_slist_append(header_list.get(), line.c_str())) {
      (void)header_list.release();
      header_list.reset(head);
    }
  };
  for (const auto& [name, value] : request.headers) {
    // "Name;" is curl's spelling of a header with an empty value ("Name:" would remove it).
    add_header(value.empty() ? name + ";" : name + ": " + value);
  }
  add_header("Expect:");  // no 100-continue round trip; the stores' bodies are bounded parts

  char error_detail[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_detail);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);  // keys like "a/../b" are names, not paths to normalise
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list.get());
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, options_.low_speed_bytes_per_sec);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options_.low_speed_window.count()));
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, options_.verify_tls ? 1L : 0L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, options_.verify_tls ? 2L : 0L);
  if (!options_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, read_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);

  const bool has_body = request.body_reader || !request.body.empty();
  if (request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (has_body || request.method == "PUT" || request.method == "POST") {
    const uint64_t size = request.body_reader ? request.body_size : request.body.size();
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(size));
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_body);
    curl_easy_setopt(curl, CURLOPT_READDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_SEEKFUNCTION, seek_body);
    curl_easy_setopt(curl, CURLOPT_SEEKDATA, &transfer);
    if (request.method != "PUT") curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  } else if (request.method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }

  const CURLcode code = curl_easy_perform(curl);
  if (transfer.reader_error) {
    return fail(wrap(std::move(*transfer.reader_error), request.method + " " + redact_url(request.url)));
  }
  if (transfer.body_overflow) {
    return fail(Error(ErrorCode::kStorage, request.method + " " + redact_url(request.url) +
                                               ": response body larger than expected")
                    .with("url", redact_url(request.url)));
  }
  if (code != CURLE_OK) return fail(transport_error(request, code, error_detail));
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

std::string HttpClient::redact_url(std::string_view url) {
  std::string out;
  // Drop user info: scheme://user:pass@host -> scheme://host
  const size_t scheme_end = url.find("://");
  size_t rest = 0;
  if (scheme_end != std::string_view::npos) {
    rest = scheme_end + 3;
    const size_t authority_end = url.find_first_of("/?#", rest);
    const size_t at = url.substr(0, authority_end).rfind('@');
    out.append(url.substr(0, rest));
    if (at != std::string_view::npos && at >= rest) rest = at + 1;
  }
  const size_t query = url.find('?', rest);
  out.append(url.substr(rest, query == std::string_view::npos ? std::string_view::npos : query - rest));
  if (query == std::string_view::npos) return out;

  static constexpr std::string_view kSecretParams[] = {"sig", "signature", "x-amz-signature", "x-amz-credential",
                                                       "x-amz-security-token", "token", "access_token", "key"};
  std::string_view params = url.substr(query + 1);
  out.push_back('?');
  bool first = true;
  while (!params.empty()) {
    const size_t amp = params.find('&');
    const std::string_view param = params.substr(0, amp);
    params = amp == std::string_view::npos ? std::string_view{} : params.substr(amp + 1);
    if (!first) out.push_back('&');
    first = false;
    const size_t eq = param.find('=');
    const std::string_view name = param.substr(0, eq);
    const bool secret = std::any_of(std::begin(kSecretParams), std::end(kSecretParams),
                                    [&](std::string_view s) { return iequals(s, name); });
    out.append(secret && eq != std::string_view::npos ? std::string(name) + "=***" : std::string(param));
  }
  return out;
}

}  // namespace mb::http
