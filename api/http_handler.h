// HttpHandler: the pure function from one HTTP request to its HTTP response, as DynamoDB answers
// at the protocol level: CORS preflight, the requests outside the API (the GET / health check
// and the GET /stator/event-source-mappings listing, through a Router), method and Content-Type
// checks,
// Content-Encoding of the body, X-Amz-Target routing, the SigV4 Authorization checks, and the
// headers every response carries (x-amzn-RequestId, x-amz-crc32 over the bytes on the wire,
// Content-Type, Server, Date, and gzip/deflate compression of bodies of 4 KB or more; and, on
// reads a cache saw, x-stator-cache: hit or miss). What an
// operation means is the Dispatcher's.
//
// Sockets live in http_server; this class is tested without them.
//
// Thread safety: Handle may be called from any number of threads at once.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/compression.h"
#include "api/dispatcher.h"
#include "api/http_message.h"
#include "api/router.h"
#include "api/sigv4_verifier.h"
#include "stator/clock.h"

namespace stator::api {

// DynamoDB refuses requests over 16 MB (BatchWriteItem's limit); a little room is left for the
// JSON around the largest legal payload.
inline constexpr size_t kMaxRequestBytes = 16 * 1024 * 1024 + 64 * 1024;

struct HttpHandlerOptions {
  // All callers share one namespace (DynamoDB Local's -sharedDb). Otherwise each access key id
  // and region has its own tables, and ARNs carry the request's region.
  // Default: false
  bool shared_db = false;

  // Origins allowed by CORS: "*" allows any; empty disables CORS headers. DynamoDB Local's
  // -cors defaults to "*", which lets any web page open in a browser on the machine read and
  // delete every table; a server holding data allows no other origin unless told to.
  // Default: none
  std::vector<std::string> cors_origins;

  // The region whose endpoint the GET / health check names when a request has no Host header
  // ("healthy: dynamodb.<region>.amazonaws.com "; see health_route.h).
  // Default: "us-east-1"
  std::string health_region = "us-east-1";

  // Largest accepted request body, before and after Content-Encoding is undone.
  // Default: kMaxRequestBytes
  size_t max_request_bytes = kMaxRequestBytes;

  // Smallest response body compressed when the client accepts gzip or deflate.
  // Default: kResponseCompressionThreshold (4 KB, as the service)
  size_t compression_threshold = kResponseCompressionThreshold;

  // The database's clock when it is a virtual one (the server's --virtual-clock): then, and
  // only then, GET and POST /stator/clock read and advance it (clock_routes.h).
  // Default: none
  std::shared_ptr<MovableClock> virtual_clock;

  // With credentials (the server's --credentials, --credentials-file), every request's SigV4
  // signature is verified, against the wall clock's time; without, any well-formed one passes.
  // Default: none
  std::shared_ptr<const SigV4Verifier> verifier;
};

class HttpHandler {
 public:
  HttpHandler(const Dispatcher& dispatcher, HttpHandlerOptions options);

  const HttpHandlerOptions& options() const { return options_; }

  HttpResponse Handle(const HttpRequest& req) const;

  // The response to `req` when it can be made without waiting on the network; none when it
  // cannot (the database is a remote service and its cache does not hold the answer), having done
  // nothing: then Handle, called where waiting is fine, answers the request.
  std::optional<HttpResponse> HandleAtOnce(const HttpRequest& req) const;

  // 413 for a request whose declared or actual body exceeds max_request_bytes; the connection is
  // closed since the body is left unread.
  static HttpResponse PayloadTooLarge(unsigned version);
  // 400 for a request that is not valid HTTP/1.x; the connection is closed.
  static HttpResponse BadRequest(unsigned version);
  // 503 for a connection over the server's limit, before its request is read; the connection
  // is closed. SDKs retry a 503 with backoff.
  static HttpResponse TooManyConnections(int limit);
  // 503 for a request whose body does not fit the bytes the server holds for request bodies.
  static HttpResponse TooMuchBuffered(unsigned version);

 private:
  struct Headers;  // the request header values the handler reads, found in one pass

  // Handle, or HandleAtOnce when `may_block` is false.
  std::optional<HttpResponse> Respond(const HttpRequest& req, bool may_block) const;
  HttpResponse HandleCorsPreflight(const HttpRequest& req) const;
  HttpResponse HandleOutsideApi(const HttpRequest& req) const;
  std::optional<HttpResponse> HandlePost(const HttpRequest& req, const Headers& headers,
                                         std::string_view request_id, bool may_block) const;
  HttpResponse Finish(const HttpRequest& req, const Headers& headers, ApiResponse api,
                      std::string_view content_type) const;
  // The Access-Control-Allow-Origin value for this request's Origin; empty when none applies.
  // Points into the request or the options.
  std::string_view AllowedOrigin(const Headers& headers) const;

  const Dispatcher& dispatcher_;
  const HttpHandlerOptions options_;
  const Router router_;  // the requests outside the API; built from options_
};

}  // namespace stator::api
