#include "api/remote/streams_endpoint.h"

#include <gtest/gtest.h>

#include <string>

namespace stator::remote {
namespace {

client::Endpoint Parsed(const std::string& url) {
  auto e = client::ParseEndpoint(url);
  EXPECT_TRUE(e.ok()) << e.status().message();
  return e.ok() ? *e : client::Endpoint{};
}

TEST(StreamsEndpointTest, AmazonRegionalHostsHaveAStreamsHost) {
  const client::Endpoint streams =
      StreamsEndpointOf(Parsed("https://dynamodb.eu-west-1.amazonaws.com"));
  EXPECT_TRUE(streams.tls);
  EXPECT_EQ(streams.host, "streams.dynamodb.eu-west-1.amazonaws.com");
  EXPECT_EQ(streams.port, "443");
  EXPECT_EQ(streams.host_header, "streams.dynamodb.eu-west-1.amazonaws.com");
  EXPECT_EQ(streams.Describe(), "https://streams.dynamodb.eu-west-1.amazonaws.com");

  const client::Endpoint china =
      StreamsEndpointOf(Parsed("https://dynamodb.cn-north-1.amazonaws.com.cn"));
  EXPECT_EQ(china.host, "streams.dynamodb.cn-north-1.amazonaws.com.cn");

  const client::Endpoint port =
      StreamsEndpointOf(Parsed("http://dynamodb.us-east-1.amazonaws.com:8080"));
  EXPECT_EQ(port.host_header, "streams.dynamodb.us-east-1.amazonaws.com:8080");
  EXPECT_EQ(port.port, "8080");
  EXPECT_FALSE(port.tls);
}

// Everything else serves both APIs at one endpoint.
TEST(StreamsEndpointTest, OtherHostsServeStreamsThemselves) {
  for (const std::string url :
       {"http://127.0.0.1:8000", "http://localhost:8000", "https://dynamodb.example.com",
        "https://dynamodb.us-east-1.amazonaws.com.evil.example",
        "https://mydynamodb.us-east-1.amazonaws.com",
        "https://streams.dynamodb.us-east-1.amazonaws.com", "https://dynamodb..amazonaws.com"}) {
    SCOPED_TRACE(url);
    const client::Endpoint given = Parsed(url);
    const client::Endpoint streams = StreamsEndpointOf(given);
    EXPECT_EQ(streams.host, given.host);
    EXPECT_EQ(streams.host_header, given.host_header);
    EXPECT_EQ(streams.port, given.port);
  }
}

}  // namespace
}  // namespace stator::remote
