// Endpoint: where a DynamoDB-compatible service listens, parsed from its URL.
//
// Thread safety: pure functions on values.
#pragma once

#include <string>
#include <string_view>

#include "stator/status.h"

namespace stator::client {

struct Endpoint {
  bool tls = false;
  std::string host;
  std::string port;
  std::string host_header;  // host, or host:port when the port is not the scheme's default

  // "http://host:port" or "https://host" as given back in messages.
  std::string Describe() const { return (tls ? "https://" : "http://") + host_header; }
};

// http://host[:port][/] or https://host[:port][/]. Errors: ValidationException naming the
// problem (no scheme, a path, no host); `what` names the setting in its message.
Result<Endpoint> ParseEndpoint(std::string_view url, std::string_view what = "--endpoint");

}  // namespace stator::client
