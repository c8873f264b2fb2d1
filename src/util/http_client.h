// A small HTTP client over libcurl for the object-store backends. One HttpClient is shared by many
// threads: it keeps a pool of curl handles (and so their open connections) and lends one to each
// request. Transport failures come back as Error(kUnavailable, kTimeout when stalled, kConfig when
// the TLS setup cannot work) naming the method and URL (query values that could be secrets are
// masked); an HTTP error status is not a transport failure: the response is returned and the
// caller interprets it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/error.h"

namespace mb::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Produces a streamed request body: fills `out` and returns how many bytes it wrote; 0 ends the body.
using BodyReader = std::function<Result<size_t>(std::span<std::byte> out)>;

struct Request {
  std::string method = "GET";
  std::string url;
  Headers headers;  // sent as given; a "Host" header here replaces curl's own
  // The body: `body` from memory, or `body_reader` streaming `body_size` bytes. A request with
  // neither sends no body; PUT and POST then send Content-Length: 0.
  std::string_view body;
  BodyReader body_reader;
  uint64_t body_size = 0;
};

struct Response {
  long status = 0;
  Headers headers;   // names as the server spelled them, in order
  std::string body;  // the body, unless it went to the caller's buffer
  size_t body_size = 0;  // bytes of body received (in `body` or in the caller's buffer)

  // First header of that name, compared case-insensitively; empty when absent.
  std::string_view header(std::string_view name) const;
};

struct ClientOptions {
  std::chrono::milliseconds connect_timeout{10'000};
  // A transfer slower than low_speed_bytes_per_sec for low_speed_window is abandoned as stalled;
  // there is no overall deadline, so large objects are not cut off.
  long low_speed_bytes_per_sec = 1;
  std::chrono::seconds low_speed_window{60};
  std::string ca_file;      // PEM bundle to verify TLS servers with; empty: the system's
  bool verify_tls = true;
  size_t max_memory_body = size_t{64} << 20;  // a larger in-memory response body is an error
};

class HttpClient {
 public:
  explicit HttpClient(ClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // The response body goes to Response::body.
  Result<Response> send(const Request& request);

  // A successful (2xx) response body goes to `into`; a body longer than `into` is an error.
  // Error bodies (status >= 300) still go to Response::body so the caller can read them.
  Result<Response> send(const Request& request, std::span<std::byte> into);

  // The URL as it may appear in messages: user info dropped, secret-looking query values masked.
  static std::string redact_url(std::string_view url);

 private:
  struct Handle;
  struct Pool;
  Result<Response> perform(const Request& request, std::optional<std::span<std::byte>> into);

  ClientOptions options_;
  std::unique_ptr<Pool> pool_;
};

}  // namespace mb::http
