#include "api/client/endpoint.h"

namespace stator::client {

Result<Endpoint> ParseEndpoint(std::string_view url, std::string_view what) {
  Endpoint e;
  if (url.starts_with("http://")) {
    url.remove_prefix(7);
  } else if (url.starts_with("https://")) {
    url.remove_prefix(8);
    e.tls = true;
  } else {
    return Status::Validation(std::string(what) + " must start with http:// or https://");
  }
  const size_t slash = url.find('/');
  if (slash != std::string_view::npos) {
    if (url.substr(slash) != "/") return Status::Validation(std::string(what) + " takes no path");
    url = url.substr(0, slash);
  }
  const size_t colon = url.rfind(':');
  if (colon != std::string_view::npos && url.find(']') == std::string_view::npos) {
    e.host = std::string(url.substr(0, colon));
    e.port = std::string(url.substr(colon + 1));
  } else {
    e.host = std::string(url);
    e.port = e.tls ? "443" : "80";
  }
  if (e.host.empty() || e.port.empty()) {
    return Status::Validation(std::string(what) + " has no host");
  }
  const bool default_port = e.port == (e.tls ? "443" : "80");
  e.host_header = default_port ? e.host : e.host + ":" + e.port;
  return e;
}

}  // namespace stator::client
