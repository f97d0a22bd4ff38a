// Tests of the router for the requests outside the API: which method and path reach a handler.
#include "api/router.h"

#include <gtest/gtest.h>

#include "api/crc32.h"

namespace stator::api {
namespace {

namespace http = boost::beast::http;

Router::Handler Answer(std::string body) {
  return [body = std::move(body)](const HttpRequest& req) {
    return PlainResponse(req, http::status::ok, body);
  };
}

std::string Route(const Router& router, http::verb method, std::string_view target) {
  const Router::Handler* handler = router.Find(method, target);
  if (handler == nullptr) return "(none)";
  return (*handler)(HttpRequest{method, target, 11}).body();
}

TEST(RouterTest, RoutesByMethodAndExactPath) {
  Router router;
  router.Add(http::verb::get, "/", Answer("root"));
  router.Add(http::verb::get, "/x", Answer("x"));
  router.Add(http::verb::put, "/x", Answer("put x"));
  EXPECT_EQ(Route(router, http::verb::get, "/"), "root");
  EXPECT_EQ(Route(router, http::verb::get, "/x"), "x");
  EXPECT_EQ(Route(router, http::verb::put, "/x"), "put x");

  for (std::string_view target : {"", "//", "/?a=b", "/x/", "/X", "/health"}) {
    EXPECT_EQ(Route(router, http::verb::get, target), "(none)") << target;
  }
  for (http::verb method : {http::verb::head, http::verb::post, http::verb::options,
                            http::verb::delete_, http::verb::put}) {
    EXPECT_EQ(Route(router, method, "/"), "(none)") << http::to_string(method);
  }
}

TEST(RouterTest, AnEmptyRouterRoutesNothing) {
  EXPECT_EQ(Router().Find(http::verb::get, "/"), nullptr);
}

TEST(RouterTest, TheFirstOfTwoRoutesForOnePathWins) {
  Router router;
  router.Add(http::verb::get, "/", Answer("first"));
  router.Add(http::verb::get, "/", Answer("second"));
  EXPECT_EQ(Route(router, http::verb::get, "/"), "first");
}

TEST(RouterTest, PlainResponsesCarryTheirChecksum) {
  const HttpRequest req{http::verb::get, "/", 10};
  const HttpResponse res = PlainResponse(req, http::status::not_found, "page\n");
  EXPECT_EQ(res.result(), http::status::not_found);
  EXPECT_EQ(res.version(), 10u);
  EXPECT_EQ(res.body(), "page\n");
  EXPECT_EQ(res["x-amz-crc32"], std::to_string(Crc32("page\n")));
}

}  // namespace
}  // namespace stator::api
