#include "api/health_route.h"

#include <utility>

namespace stator::api {

namespace http = boost::beast::http;

std::string HealthText(std::string_view host, std::string_view region) {
  // The service's line ends with a space.
  if (host.empty()) return "healthy: dynamodb." + std::string(region) + ".amazonaws.com ";
  return "healthy: " + std::string(host) + " ";
}

void AddHealthRoute(Router& router, std::string region) {
  router.Add(http::verb::get, "/", [region = std::move(region)](const HttpRequest& req) {
    return PlainResponse(req, http::status::ok, HealthText(req[http::field::host], region));
  });
}

}  // namespace stator::api
