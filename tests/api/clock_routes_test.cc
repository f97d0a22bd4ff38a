// The virtual clock's routes: GET reads the clock, POST advances it, and a bad body is a 400
// that leaves the clock alone.
#include "api/clock_routes.h"

#include <gtest/gtest.h>

#include "tests/api/test_util.h"

namespace stator::api {
namespace {

namespace http = boost::beast::http;

HttpResponse Send(const Router& router, http::verb method, std::string body = "") {
  const Router::Handler* handler = router.Find(method, kClockPath);
  EXPECT_NE(handler, nullptr);
  HttpRequest req{method, kClockPath, 11};
  req.body() = std::move(body);
  req.prepare_payload();
  return (*handler)(req);
}

int64_t Field(const HttpResponse& res, const char* name) {
  simdjson::dom::object obj = testing::ParseObject(res.body());
  int64_t v = 0;
  EXPECT_EQ(obj[name].get(v), simdjson::SUCCESS) << res.body();
  return v;
}

TEST(ClockRoutesTest, ReadsAndAdvancesTheClock) {
  MovableClock clock;
  Router router;
  AddClockRoutes(router, clock);
  HttpResponse res = Send(router, http::verb::get);
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res[http::field::content_type], "application/json");
  const int64_t before = Field(res, "epochMillis");
  EXPECT_NEAR(static_cast<double>(before), static_cast<double>(clock.NowMicros() / 1000), 60'000);

  res = Send(router, http::verb::post, R"({"advanceSeconds": 86400})");
  EXPECT_EQ(res.result_int(), 200) << res.body();
  EXPECT_GE(Field(res, "epochMillis"), before + 86'400'000);
  EXPECT_EQ(clock.offset_micros(), 86'400LL * 1'000'000);
  res = Send(router, http::verb::post, R"({"advanceSeconds": 0.5})");
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(clock.offset_micros(), 86'400'500'000LL);
}

TEST(ClockRoutesTest, BadBodiesAreRefusedAndMoveNothing) {
  MovableClock clock;
  Router router;
  AddClockRoutes(router, clock);
  const struct {
    const char* body;
    const char* message;
  } cases[] = {
      {R"({"advanceSeconds": -1})",
       "advanceSeconds must not be negative: the clock only moves forward"},
      {R"({"advanceSeconds": "60"})", "advanceSeconds must be a number"},
      {R"({"seconds": 60})", "advanceSeconds is required: the seconds to move the clock forward"},
      {"not json", "The body must be a JSON object such as {\"advanceSeconds\": 60}"},
      {R"({"advanceSeconds": 1e300})",
       "advanceSeconds must be at most 31536000000 (a thousand years)"},
  };
  for (const auto& c : cases) {
    HttpResponse res = Send(router, http::verb::post, c.body);
    EXPECT_EQ(res.result_int(), 400) << c.body;
    simdjson::dom::object obj = testing::ParseObject(res.body());
    std::string_view message;
    ASSERT_EQ(obj["message"].get(message), simdjson::SUCCESS);
    EXPECT_EQ(message, c.message);
  }
  EXPECT_EQ(clock.offset_micros(), 0);
}

}  // namespace
}  // namespace stator::api
