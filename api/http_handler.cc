#include "api/http_handler.h"

#include <chrono>
#include <ctime>
#include <optional>

#include "api/clock_routes.h"
#include "api/crc32.h"
#include "api/errors.h"
#include "api/health_route.h"
#include "api/json_writer.h"
#include "api/metrics_route.h"
#include "api/request_id.h"
#include "api/sigv4.h"
#include "api/stream_handlers/mapping_status.h"

namespace stator::api {
namespace {

namespace http = boost::beast::http;

constexpr std::string_view kJson10 = "application/x-amz-json-1.0";
constexpr std::string_view kJson11 = "application/x-amz-json-1.1";
constexpr std::string_view kJson = "application/json";
// The service names itself "Server" in the Server header.
constexpr std::string_view kServerName = "Server";
// What the service answers to a wrong method or Content-Type, with status 404.
constexpr std::string_view kUnknownOperationPage = "<UnknownOperationException/>\n";
// DynamoDB's CORS answers (also DynamoDB Local's): preflights are cached for two days.
constexpr std::string_view kCorsMaxAge = "172800";
constexpr std::string_view kCorsExposeHeaders =
    "x-amzn-RequestId,x-amzn-ErrorType,x-amz-crc32,Content-Length,Date,x-amzn-ErrorMessage";

// An IMF-fixdate (RFC 9110 5.6.7), as in the service's Date header. It changes once a second, so
// each thread formats it once a second: gmtime_r and strftime cost more than the rest of the
// headers together.
std::string_view HttpDate() {
  struct Cache {
    std::time_t second = -1;
    char text[40];
    size_t size = 0;
  };
  thread_local Cache cache;
  const std::time_t now = std::time(nullptr);
  if (now != cache.second) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    cache.size = std::strftime(cache.text, sizeof(cache.text), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    cache.second = now;
  }
  return {cache.text, cache.size};
}

// The media type of a Content-Type value, without parameters such as charset.
std::string_view MediaType(std::string_view content_type) {
  content_type = content_type.substr(0, content_type.find(';'));
  while (!content_type.empty() && content_type.back() == ' ') content_type.remove_suffix(1);
  while (!content_type.empty() && content_type.front() == ' ') content_type.remove_prefix(1);
  return content_type;
}

// The requests outside the API.
Router RoutesOutsideTheApi(const HttpHandlerOptions& options, const Database& db) {
  Router router;
  AddHealthRoute(router, options.health_region, &db);
  router.Add(http::verb::get, kEventSourceMappingsPath, EventSourceMappingsRoute(db));
  AddMetricsRoute(router, db);
  if (options.virtual_clock) AddClockRoutes(router, *options.virtual_clock);
  return router;
}

// {"__type":"..."} without a message, as the service answers an unknown target.
ApiResponse UnknownOperation() {
  JsonWriter w;
  w.BeginObject();
  w.Key("__type");
  w.String(ErrorShapeOf(ErrorCode::kUnknownOperation).type);
  w.EndObject();
  return {ErrorShapeOf(ErrorCode::kUnknownOperation).http_status, std::move(w).Take()};
}

ApiResponse Error(const Status& status) {
  return {ErrorShapeOf(status.code()).http_status, ErrorBody(status.code(), status.message())};
}

}  // namespace

// Each value is the first field of that name, as HttpRequest::operator[] would return; empty when
// the field is absent. Looking each up in Beast's field set costs a few hundred instructions (a
// case-insensitive tree search); one pass over a request's handful of fields costs less than two.
struct HttpHandler::Headers {
  std::string_view content_type;
  std::string_view content_encoding;
  std::string_view accept_encoding;
  std::string_view authorization;
  std::string_view origin;
  std::string_view target;    // X-Amz-Target
  std::string_view amz_date;  // X-Amz-Date
  std::string_view host;
  bool has_origin = false;
  bool has_date = false;  // a Date field, even empty

  explicit Headers(const HttpRequest& req) {
    for (const auto& f : req) {
      switch (f.name()) {
        case http::field::content_type: SetOnce(&content_type, f.value()); break;
        case http::field::content_encoding: SetOnce(&content_encoding, f.value()); break;
        case http::field::accept_encoding: SetOnce(&accept_encoding, f.value()); break;
        case http::field::authorization: SetOnce(&authorization, f.value()); break;
        case http::field::host: SetOnce(&host, f.value()); break;
        case http::field::date: has_date = true; break;
        case http::field::origin:
          if (!has_origin) origin = f.value();
          has_origin = true;
          break;
        case http::field::unknown:
          if (boost::beast::iequals(f.name_string(), "X-Amz-Target")) {
            SetOnce(&target, f.value());
          } else if (boost::beast::iequals(f.name_string(), "X-Amz-Date")) {
            SetOnce(&amz_date, f.value());
          }
          break;
        default:
          break;
      }
    }
  }

 private:
  // An empty first value stands for itself, as operator[] returns it; later ones do not count.
  void SetOnce(std::string_view* slot, std::string_view value) {
    if (slot->data() == nullptr) *slot = value.data() ? value : std::string_view("", 0);
  }
};

HttpHandler::HttpHandler(const Dispatcher& dispatcher, HttpHandlerOptions options)
    : dispatcher_(dispatcher),
      options_(std::move(options)),
      router_(RoutesOutsideTheApi(options_, dispatcher.database())) {}

HttpResponse HttpHandler::Handle(const HttpRequest& req) const {
  return *Respond(req, true);
}

std::optional<HttpResponse> HttpHandler::HandleAtOnce(const HttpRequest& req) const {
  return Respond(req, false);
}

std::optional<HttpResponse> HttpHandler::Respond(const HttpRequest& req, bool may_block) const {
  const RequestId id = MakeRequestId();
  const std::string_view request_id = id.view();
  const Headers headers(req);
  const std::string_view allow_origin = AllowedOrigin(headers);
  std::optional<HttpResponse> res;
  if (req.method() == http::verb::options && !allow_origin.empty()) {
    res = HandleCorsPreflight(req);
  } else if (req.method() != http::verb::post) {
    res = HandleOutsideApi(req);
  } else if (const Router::Handler* route = router_.Find(req.method(), req.target())) {
    // An administrative POST (the virtual clock's): its path, not an X-Amz-Target, names it.
    // Without such a route every POST is an API request, whatever its path, as at the service.
    res = (*route)(req);
  } else {
    res = HandlePost(req, headers, request_id, may_block);
    if (!res) return res;
  }
  res->set(http::field::server, kServerName);
  res->set("x-amzn-RequestId", request_id);
  res->set(http::field::date, HttpDate());
  if (!allow_origin.empty()) {
    res->set(http::field::access_control_allow_origin, allow_origin);
    res->set(http::field::access_control_expose_headers, kCorsExposeHeaders);
  }
  res->keep_alive(req.keep_alive());
  res->prepare_payload();
  return res;
}

HttpResponse HttpHandler::HandleCorsPreflight(const HttpRequest& req) const {
  // The service echoes what the preflight asks for rather than listing what it allows.
  HttpResponse res{http::status::ok, req.version()};
  if (auto it = req.find(http::field::access_control_request_headers); it != req.end()) {
    res.set(http::field::access_control_allow_headers, it->value());
  }
  if (auto it = req.find(http::field::access_control_request_method); it != req.end()) {
    res.set(http::field::access_control_allow_methods, it->value());
  }
  res.set(http::field::access_control_max_age, kCorsMaxAge);
  return res;
}

HttpResponse HttpHandler::HandleOutsideApi(const HttpRequest& req) const {
  if (const Router::Handler* route = router_.Find(req.method(), req.target())) return (*route)(req);
  return PlainResponse(req, http::status::not_found, kUnknownOperationPage);
}

std::optional<HttpResponse> HttpHandler::HandlePost(const HttpRequest& req, const Headers& headers,
                                                    std::string_view request_id,
                                                    bool may_block) const {
  const Target target = Dispatcher::Resolve(headers.target);
  // What must wait is left to Handle before its body is decoded or its signature checked: Handle
  // does both again, and every write of a server in front of a remote service comes this way.
  if (!may_block && !Dispatcher::AnswersAtOnce(target)) return std::nullopt;

  const std::string_view media_type = MediaType(headers.content_type);
  if (!req.body().empty() && media_type != kJson10 && media_type != kJson11 &&
      media_type != kJson) {
    return PlainResponse(req, http::status::not_found, kUnknownOperationPage);
  }
  // Answers in the JSON flavour the client spoke.
  const std::string_view content_type = media_type == kJson ? kJson : kJson10;

  ContentCoding coding = ContentCoding::kIdentity;
  std::string decoded;
  const std::string* body = &req.body();
  // A body the server cannot decode is the client's error, as an unparsable one is: the
  // service's SerializationException without a message, which SDKs do not retry.
  const Status undecodable(ErrorCode::kSerialization, "");
  if (!ParseContentEncoding(headers.content_encoding, &coding)) {
    return Finish(req, headers, Error(undecodable), content_type);
  }
  if (coding != ContentCoding::kIdentity) {
    switch (Decompress(coding, req.body(), options_.max_request_bytes, &decoded)) {
      case DecompressResult::kOk:
        body = &decoded;
        break;
      case DecompressResult::kTooLarge: {
        HttpResponse res = PayloadTooLarge(req.version());
        res.keep_alive(req.keep_alive());  // the body was read; the connection is usable
        return res;
      }
      case DecompressResult::kCorrupt:
        return Finish(req, headers, Error(undecodable), content_type);
    }
  }

  // A target of no API Stator serves is refused before the request's signature is looked at.
  if (target.api == nullptr) return Finish(req, headers, UnknownOperation(), content_type);

  SigV4Authorization auth;
  const std::string_view amz_date = headers.amz_date;
  const bool has_date = !amz_date.empty() || headers.has_date;
  const std::optional<int64_t> now =
      options_.verifier == nullptr
          ? std::nullopt
          : std::optional<int64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count());
  Status st = ParseSigV4Authorization(headers.authorization, amz_date, has_date, &auth, now);
  if (st.ok() && options_.verifier != nullptr) st = options_.verifier->Verify(req, auth, amz_date);
  if (!st.ok()) return Finish(req, headers, Error(st), content_type);

  RequestContext ctx;
  ctx.request_id = request_id;
  ctx.host = headers.host;
  if (!options_.shared_db) {
    // DynamoDB Local keeps one database per access key id and region; the request's region goes
    // into ARNs so they look like the service's. A shared database keeps the "ddblocal" default.
    ctx.call.tenant.reserve(auth.access_key_id.size() + 1 + auth.region.size());
    ctx.call.tenant.append(auth.access_key_id).append("_").append(auth.region);
    ctx.call.region = auth.region;
  }
  ctx.call.may_block = may_block;
  ApiResponse answer = dispatcher_.Handle(ctx, target, *body);
  if (answer.would_block) return std::nullopt;
  return Finish(req, headers, std::move(answer), content_type);
}

HttpResponse HttpHandler::Finish(const HttpRequest& req, const Headers& headers, ApiResponse api,
                                 std::string_view content_type) const {
  HttpResponse res{static_cast<http::status>(api.http_status), req.version()};
  res.set(http::field::content_type, content_type);
  const ContentCoding coding = api.body.size() >= options_.compression_threshold
                                   ? ChooseResponseCoding(headers.accept_encoding)
                                   : ContentCoding::kIdentity;
  if (coding != ContentCoding::kIdentity) {
    res.body() = Compress(coding, api.body);
    res.set(http::field::content_encoding, ContentCodingName(coding));
  } else {
    res.body() = std::move(api.body);
  }
  // As the service does, the checksum covers the bytes on the wire, compressed or not.
  res.set("x-amz-crc32", std::to_string(Crc32(res.body())));
  if (api.cache != CacheOutcome::kNone) {
    res.set(kCacheOutcomeHeader, api.cache == CacheOutcome::kHit ? "hit" : "miss");
  }
  return res;
}

std::string_view HttpHandler::AllowedOrigin(const Headers& headers) const {
  if (options_.cors_origins.empty() || !headers.has_origin) return {};
  const std::string_view origin = headers.origin;
  for (const std::string& allowed : options_.cors_origins) {
    if (allowed == "*") return "*";
    if (allowed == origin) return origin;
  }
  return {};
}

HttpResponse HttpHandler::PayloadTooLarge(unsigned version) {
  HttpResponse res{http::status::payload_too_large, version};
  res.reason("Request Entity Too Large");
  res.set(http::field::server, kServerName);
  res.set("x-amzn-RequestId", MakeRequestId().view());
  res.set(http::field::date, HttpDate());
  res.keep_alive(false);
  res.prepare_payload();
  return res;
}

HttpResponse HttpHandler::BadRequest(unsigned version) {
  HttpResponse res{http::status::bad_request, version};
  res.set(http::field::server, kServerName);
  res.set("x-amzn-RequestId", MakeRequestId().view());
  res.set(http::field::date, HttpDate());
  res.keep_alive(false);
  res.prepare_payload();
  return res;
}

namespace {

// DynamoDB's ServiceUnavailable (HTTP 503), which every SDK retries; the connection is closed.
HttpResponse ServiceUnavailable(unsigned version, std::string_view message) {
  HttpResponse res{http::status::service_unavailable, version};
  res.set(http::field::server, kServerName);
  res.set("x-amzn-RequestId", MakeRequestId().view());
  res.set(http::field::date, HttpDate());
  res.set(http::field::content_type, "application/x-amz-json-1.0");
  JsonWriter w;
  w.BeginObject();
  w.Key("__type");
  w.String("com.amazonaws.dynamodb.v20120810#ServiceUnavailable");
  w.Key("message");
  w.String(message);
  w.EndObject();
  res.body() = std::move(w).Take();
  res.keep_alive(false);
  res.prepare_payload();
  return res;
}

}  // namespace

HttpResponse HttpHandler::TooManyConnections(int limit) {
  return ServiceUnavailable(11, "The server is serving its limit of " + std::to_string(limit) +
                                    " connections; retry later");
}

HttpResponse HttpHandler::TooMuchBuffered(unsigned version) {
  return ServiceUnavailable(version,
                            "The server holds as many request bytes as it may; retry later");
}

}  // namespace stator::api
