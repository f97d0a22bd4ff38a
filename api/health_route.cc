#include "api/health_route.h"

#include <utility>

namespace stator::api {

namespace http = boost::beast::http;

namespace {

// The address the health check names, followed by the space the service's line ends with.
std::string Endpoint(std::string_view host, std::string_view region) {
  if (host.empty()) return "dynamodb." + std::string(region) + ".amazonaws.com ";
  return std::string(host) + " ";
}

}  // namespace

std::string HealthText(std::string_view host, std::string_view region) {
  return "healthy: " + Endpoint(host, region);
}

void AddHealthRoute(Router& router, std::string region, const Database* db) {
  router.Add(http::verb::get, "/", [region = std::move(region), db](const HttpRequest& req) {
    const std::string_view host = req[http::field::host];
    if (db != nullptr) {
      const StorageCondition storage = db->GetStorageCondition();
      if (!storage.can_write) {
        return PlainResponse(req, http::status::service_unavailable,
                             "unhealthy: " + Endpoint(host, region) + "cannot write: " +
                                 storage.reason);
      }
    }
    return PlainResponse(req, http::status::ok, HealthText(host, region));
  });
}

}  // namespace stator::api
