#include "api/clock_routes.h"

#include <cmath>
#include <string>

#include "api/json_reader.h"
#include "api/json_writer.h"

namespace stator::api {
namespace {

namespace http = boost::beast::http;

// The most one request may move the clock: a thousand years, far past any period the database
// keeps, and far from overflowing its microseconds.
constexpr double kMaxAdvanceSeconds = 1000.0 * 365 * 24 * 3600;

HttpResponse Json(const HttpRequest& req, http::status status, std::string body) {
  HttpResponse res = PlainResponse(req, status, body);
  res.set(http::field::content_type, "application/json");
  return res;
}

HttpResponse Refuse(const HttpRequest& req, std::string_view message) {
  JsonWriter w;
  w.BeginObject();
  w.Key("message");
  w.String(message);
  w.EndObject();
  return Json(req, http::status::bad_request, std::move(w).Take());
}

HttpResponse Reading(const HttpRequest& req, const MovableClock& clock) {
  const int64_t now = clock.NowMicros();
  JsonWriter w;
  w.BeginObject();
  w.Key("epochSeconds");
  w.Int(now / 1'000'000);
  w.Key("epochMillis");
  w.Int(now / 1000);
  w.Key("offsetSeconds");
  w.Double(static_cast<double>(clock.offset_micros()) / 1e6);
  w.EndObject();
  return Json(req, http::status::ok, std::move(w).Take());
}

// The seconds the body asks to advance, or false with *error set.
bool AdvanceSecondsOf(const HttpRequest& req, double* seconds, std::string* error) {
  simdjson::dom::object body;
  if (!ParseBody(req.body(), &body).ok()) {
    *error = "The body must be a JSON object such as {\"advanceSeconds\": 60}";
    return false;
  }
  simdjson::dom::element value;
  if (body["advanceSeconds"].get(value) != simdjson::SUCCESS) {
    *error = "advanceSeconds is required: the seconds to move the clock forward";
    return false;
  }
  if (value.get(*seconds) != simdjson::SUCCESS || !std::isfinite(*seconds)) {
    *error = "advanceSeconds must be a number";
    return false;
  }
  if (*seconds < 0) {
    *error = "advanceSeconds must not be negative: the clock only moves forward";
    return false;
  }
  if (*seconds > kMaxAdvanceSeconds) {
    *error = "advanceSeconds must be at most 31536000000 (a thousand years)";
    return false;
  }
  return true;
}

}  // namespace

void AddClockRoutes(Router& router, MovableClock& clock) {
  router.Add(http::verb::get, kClockPath,
             [&clock](const HttpRequest& req) { return Reading(req, clock); });
  router.Add(http::verb::post, kClockPath, [&clock](const HttpRequest& req) {
    double seconds = 0;
    std::string error;
    if (!AdvanceSecondsOf(req, &seconds, &error)) return Refuse(req, error);
    clock.Advance(std::llround(seconds * 1e6));
    return Reading(req, clock);
  });
}

}  // namespace stator::api
