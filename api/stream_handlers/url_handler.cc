#include "api/stream_handlers/url_handler.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <chrono>
#include <utility>

#include "api/stream_handlers/function_response.h"
#include "api/stream_handlers/stream_event.h"

namespace stator::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// At most this much of an error status's body goes into the batch's error.
constexpr size_t kMaxErrorBodyBytes = 512;

Status BadUrl(std::string_view url, std::string_view why) {
  return Status::Validation("Invalid handler URL \"" + std::string(url) +
                            "\": " + std::string(why));
}

bool StartsWithIgnoringCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

StreamHandlerResponse Failed(std::string error) {
  StreamHandlerResponse r;
  r.failed = true;
  r.error = std::move(error);
  return r;
}

// The first line of an error status's body, shortened, for the batch's error.
std::string BodyExcerpt(std::string_view body) {
  body = body.substr(0, body.find('\n'));
  while (!body.empty() && (body.back() == '\r' || body.back() == ' ')) body.remove_suffix(1);
  return std::string(body.substr(0, kMaxErrorBodyBytes));
}

}  // namespace

Result<HttpUrl> ParseHttpUrl(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (!StartsWithIgnoringCase(url, kScheme)) {
    return BadUrl(url, "only http:// URLs are served");
  }
  std::string_view rest = url.substr(kScheme.size());
  if (rest.find('#') != std::string_view::npos) return BadUrl(url, "a fragment is not allowed");
  const size_t path_start = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, path_start);
  HttpUrl out;
  out.target = path_start == std::string_view::npos ? "/" : std::string(rest.substr(path_start));
  if (out.target.front() == '?') out.target.insert(0, "/");
  if (authority.find('@') != std::string_view::npos) {
    return BadUrl(url, "user information is not allowed");
  }
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return BadUrl(url, "unterminated IPv6 address");
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return BadUrl(url, "unexpected text after the IPv6 address");
      port = after.substr(1);
      if (port.empty()) return BadUrl(url, "empty port");
    }
  } else {
    const size_t colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
      if (port.empty()) return BadUrl(url, "empty port");
    }
  }
  if (out.host.empty()) return BadUrl(url, "no host");
  if (port.empty()) {
    out.port = "80";
  } else {
    unsigned value = 0;
    for (char c : port) {
      if (c < '0' || c > '9' || value > 65535) return BadUrl(url, "the port is not a number");
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value < 1 || value > 65535) return BadUrl(url, "the port is not in 1..65535");
    out.port = std::to_string(value);
  }
  return out;
}

Result<std::unique_ptr<UrlHandler>> UrlHandler::Create(std::string_view url,
                                                       UrlHandlerOptions options) {
  Result<HttpUrl> parts = ParseHttpUrl(url);
  if (!parts.ok()) return parts.status();
  return std::unique_ptr<UrlHandler>(
      new UrlHandler(std::string(url), std::move(parts).value(), std::move(options)));
}

UrlHandler::UrlHandler(std::string url, HttpUrl parts, UrlHandlerOptions options)
    : url_(std::move(url)), parts_(std::move(parts)), options_(std::move(options)) {}

namespace {

using Request = http::request<http::string_body>;
using ResponseParser = http::response_parser<http::string_body>;

Request BuildRequest(const HttpUrl& url, const StreamHandlerEvent& event,
                     const StreamInvocation& invocation, int64_t budget_us) {
  Request req{http::verb::post, url.target, 11};
  const bool ipv6 = url.host.find(':') != std::string::npos;
  req.set(http::field::host, (ipv6 ? "[" + url.host + "]" : url.host) + ":" + url.port);
  req.set(http::field::content_type, "application/json");
  req.set(http::field::user_agent, "Stator");
  req.set("X-Stator-Function-Name", invocation.function_name);
  req.set("X-Stator-Timeout-Ms", std::to_string(std::max<int64_t>(budget_us / 1000, 1)));
  req.set("X-Stator-Request-Id", invocation.request_id);
  req.set("X-Stator-Event-Source-Arn", event.event_source_arn);
  req.keep_alive(false);
  req.body() = EncodeStreamEvent(event);
  req.prepare_payload();
  return req;
}

// Connects, sends `req` and reads the response into `parser`, all by `deadline`.
// beast::tcp_stream's timeouts apply to asynchronous operations only, so the exchange runs as
// one chain of them on a private io_context, driven to its end on this thread.
beast::error_code Exchange(const tcp::resolver::results_type& endpoints, const Request& req,
                           std::chrono::steady_clock::time_point deadline, ResponseParser* parser) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::flat_buffer buffer;
  beast::error_code ec;
  stream.expires_at(deadline);
  stream.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) {
    ec = e;
    if (ec) return;
    http::async_write(stream, req, [&](beast::error_code e, size_t) {
      ec = e;
      if (ec) return;
      // The header first, on its own: Beast 1.74 drops a Content-Length over the body limit
      // when the header and body are parsed in one eager pass.
      http::async_read_header(stream, buffer, *parser, [&](beast::error_code e, size_t) {
        ec = e;
        if (ec) return;
        http::async_read(stream, buffer, *parser, [&](beast::error_code e, size_t) { ec = e; });
      });
    });
  });
  ioc.run();
  return ec;
}

}  // namespace

StreamHandlerResponse UrlHandler::Invoke(const StreamHandlerEvent& event,
                                         const StreamInvocation& invocation) {
  const Clock& clock = options_.clock ? *options_.clock : *Clock::System();
  const int64_t budget_us = invocation.deadline_micros - clock.NowMicros();
  const double budget_seconds = static_cast<double>(budget_us) / 1e6;
  if (budget_us <= 0) return Failed(TaskTimedOutMessage(budget_seconds));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(budget_us);

  asio::io_context resolver_context;
  tcp::resolver resolver(resolver_context);
  beast::error_code ec;
  const tcp::resolver::results_type endpoints = resolver.resolve(parts_.host, parts_.port, ec);
  if (ec) return Failed("POST " + url_ + ": cannot resolve " + parts_.host + ": " + ec.message());

  ResponseParser parser;
  parser.body_limit(kMaxFunctionResponseBytes);
  ec = Exchange(endpoints, BuildRequest(parts_, event, invocation, budget_us), deadline, &parser);
  if (ec == beast::error::timeout) return Failed(TaskTimedOutMessage(budget_seconds));
  if (ec == http::error::body_limit || parser.get().body().size() > kMaxFunctionResponseBytes) {
    return Failed(std::string(kResponseTooLarge));
  }
  if (ec) return Failed("POST " + url_ + ": " + ec.message());
  const http::response<http::string_body>& res = parser.get();
  const unsigned status = res.result_int();
  if (status < 200 || status > 299) {
    std::string error = "POST " + url_ + ": HTTP " + std::to_string(status);
    const std::string excerpt = BodyExcerpt(res.body());
    if (!excerpt.empty()) error += ": " + excerpt;
    return Failed(std::move(error));
  }
  return ParseFunctionResponse(res.body());
}

}  // namespace stator::api
