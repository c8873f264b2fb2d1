#include "server/router.h"

#include <httplib.h>

#include <regex>

namespace mb::server {
namespace {

// httplib matches a path as a regex; ours are literal, so their dots must not match any character.
std::string literal_pattern(const std::string& path) {
  static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
  return std::regex_replace(path, special, R"(\$&)");
}

}  // namespace

void Router::get(const std::string& path, Handler handler) {
  server_.Get(literal_pattern(path), std::move(handler));
  routes_.push_back({"GET", path});
}

void Router::post(const std::string& path, Handler handler) {
  server_.Post(literal_pattern(path), std::move(handler));
  routes_.push_back({"POST", path});
}

void Router::del(const std::string& path, Handler handler) {
  server_.Delete(literal_pattern(path), std::move(handler));
  routes_.push_back({"DELETE", path});
}

std::string Router::route_label(std::string_view path) const {
  for (const auto& route : routes_) {
    if (route.path == path) return route.path;
  }
  return "other";
}

}  // namespace mb::server
