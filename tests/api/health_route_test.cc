#include "api/health_route.h"

#include <gtest/gtest.h>

namespace stator::api {
namespace {

namespace http = boost::beast::http;

HttpResponse Get(const Router& router, std::string_view host) {
  HttpRequest req{http::verb::get, "/", 11};
  if (!host.empty()) req.set(http::field::host, host);
  const Router::Handler* handler = router.Find(req.method(), req.target());
  EXPECT_NE(handler, nullptr);
  return (*handler)(req);
}

TEST(HealthRoute, NamesTheHostTheClientUsed) {
  Router router;
  AddHealthRoute(router, "eu-west-3");
  EXPECT_EQ(Get(router, "localhost:8000").body(), "healthy: localhost:8000 ");
  EXPECT_EQ(Get(router, "dynamodb.us-east-1.amazonaws.com").body(),
            "healthy: dynamodb.us-east-1.amazonaws.com ");
}

TEST(HealthRoute, WithoutAHostNamesTheRegionsEndpoint) {
  Router router;
  AddHealthRoute(router, "eu-west-3");
  EXPECT_EQ(Get(router, "").body(), "healthy: dynamodb.eu-west-3.amazonaws.com ");
}

}  // namespace
}  // namespace stator::api
