// UrlHandler: a StreamHandler that POSTs each batch's event (api/stream_handlers/stream_event.h)
// to a local URL, for a mapping whose Handler is {"Url": "http://127.0.0.1:PORT/path"}. A 2xx
// status is success and the body is the function's response, read as Lambda reads one
// (api/stream_handlers/function_response.h); another status, a connection that fails, a body
// over Lambda's 6 MB, or no complete answer by the invocation's deadline fails the batch (the
// last with Lambda's "Task timed out after N seconds").
//
// The request carries what a command handler gets in its environment, as headers:
// X-Stator-Function-Name, X-Stator-Timeout-Ms, X-Stator-Request-Id, X-Stator-Event-Source-Arn.
// Each invocation opens its own connection (Connection: close), so invocations share nothing.
//
// The deadline bounds connecting, sending and receiving. Resolving the host name does not count
// against it: the URLs are local, and an IP address or "localhost" resolves at once.
//
// Thread safety: Invoke may be called from any number of threads at once.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "stator/clock.h"
#include "stator/event_source_mapping.h"
#include "stator/status.h"

namespace stator::api {

// An http:// URL, split for a request.
struct HttpUrl {
  std::string host;    // a name, an IPv4 address, or an IPv6 address without its brackets
  std::string port;    // "80" unless given
  std::string target;  // the path and query, "/" when the URL has none
};

// Parses "http://host[:port][/path][?query]". A ValidationException when the scheme is not http
// (https is not served: handlers are local), the host is missing, the port is not 1..65535, or
// the URL has user information or a fragment.
Result<HttpUrl> ParseHttpUrl(std::string_view url);

struct UrlHandlerOptions {
  // The clock the invocations' deadlines are read on: the database's.
  // Default: Clock::System()
  std::shared_ptr<Clock> clock = Clock::System();
};

class UrlHandler final : public StreamHandler {
 public:
  // Fails as ParseHttpUrl does.
  static Result<std::unique_ptr<UrlHandler>> Create(std::string_view url,
                                                    UrlHandlerOptions options = {});

  StreamHandlerResponse Invoke(const StreamHandlerEvent& event,
                               const StreamInvocation& invocation) override;

  const std::string& url() const { return url_; }

 private:
  UrlHandler(std::string url, HttpUrl parts, UrlHandlerOptions options);

  const std::string url_;
  const HttpUrl parts_;
  const UrlHandlerOptions options_;
};

}  // namespace stator::api
