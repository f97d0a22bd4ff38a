// Router: a handful of routes scanned in order; only requests outside the API reach it.
#include "api/router.h"

#include <utility>

#include "api/crc32.h"

namespace stator::api {

void Router::Add(boost::beast::http::verb method, std::string_view path, Handler handler) {
  routes_.push_back(Route{method, std::string(path), std::move(handler)});
}

const Router::Handler* Router::Find(boost::beast::http::verb method,
                                    std::string_view target) const {
  for (const Route& route : routes_) {
    if (route.method == method && route.path == target) return &route.handler;
  }
  return nullptr;
}

HttpResponse PlainResponse(const HttpRequest& req, boost::beast::http::status status,
                           std::string_view body) {
  HttpResponse res{status, req.version()};
  res.body() = std::string(body);
  res.set("x-amz-crc32", std::to_string(Crc32(body)));
  return res;
}

}  // namespace stator::api
