#include "api/remote/streams_endpoint.h"

#include <string_view>

namespace stator::remote {
namespace {

// dynamodb.<region>.amazonaws.com[.cn]: one label for the region, nothing before "dynamodb.".
bool IsAmazonRegionalHost(std::string_view host) {
  constexpr std::string_view kService = "dynamodb.";
  if (!host.starts_with(kService)) return false;
  host.remove_prefix(kService.size());
  const size_t dot = host.find('.');
  if (dot == 0 || dot == std::string_view::npos) return false;
  const std::string_view suffix = host.substr(dot);
  return suffix == ".amazonaws.com" || suffix == ".amazonaws.com.cn";
}

}  // namespace

client::Endpoint StreamsEndpointOf(const client::Endpoint& endpoint) {
  if (!IsAmazonRegionalHost(endpoint.host)) return endpoint;
  client::Endpoint streams = endpoint;
  streams.host = "streams." + endpoint.host;
  streams.host_header = "streams." + endpoint.host_header;
  return streams;
}

}  // namespace stator::remote
