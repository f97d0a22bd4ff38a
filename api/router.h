// Router: the HTTP requests outside the API (which is a POST naming its operation in
// X-Amz-Target), routed by method and path to a handler, as DynamoDB answers GET / with a health
// line. A request no route matches is the caller's to answer.
//
// Thread safety: routes are added before the router is shared; Find may then be called from any
// number of threads at once.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_message.h"

namespace stator::api {

class Router {
 public:
  // Answers the request; the caller adds the headers every response carries.
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  // Routes requests of `method` whose target is exactly `path` to `handler`. A query string is
  // part of the target: "/?a=b" is not "/".
  void Add(boost::beast::http::verb method, std::string_view path, Handler handler);

  // The handler of the first route matching the request's method and target; null when none
  // does. Points into the router.
  const Handler* Find(boost::beast::http::verb method, std::string_view target) const;

 private:
  struct Route {
    boost::beast::http::verb method;
    std::string path;
    Handler handler;
  };

  std::vector<Route> routes_;  // a handful: scanned in order
};

// A response of `status` with a fixed body and its x-amz-crc32, as the service's answers outside
// the API carry one.
HttpResponse PlainResponse(const HttpRequest& req, boost::beast::http::status status,
                           std::string_view body);

}  // namespace stator::api
