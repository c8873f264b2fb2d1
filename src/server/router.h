// Registers handlers on the HTTP server and remembers what it registered, so the OpenAPI document
// can be checked against the handlers and /metrics can label requests by route.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace mb::server {

struct Route {
  std::string method;  // GET, POST, DELETE
  std::string path;    // literal path, no patterns
};

class Router {
 public:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

  explicit Router(httplib::Server& server) : server_(server) {}

  void get(const std::string& path, Handler handler);
  void post(const std::string& path, Handler handler);
  void del(const std::string& path, Handler handler);

  const std::vector<Route>& routes() const { return routes_; }
  // The registered path a request went to, or "other".
  std::string route_label(std::string_view path) const;

 private:
  httplib::Server& server_;
  std::vector<Route> routes_;
};

}  // namespace mb::server
