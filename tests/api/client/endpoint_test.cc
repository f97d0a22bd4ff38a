#include "api/client/endpoint.h"

#include <gtest/gtest.h>

namespace stator::client {
namespace {

TEST(EndpointTest, HostAndPort) {
  auto e = ParseEndpoint("http://127.0.0.1:8000");
  ASSERT_TRUE(e.ok());
  EXPECT_FALSE(e->tls);
  EXPECT_EQ(e->host, "127.0.0.1");
  EXPECT_EQ(e->port, "8000");
  EXPECT_EQ(e->host_header, "127.0.0.1:8000");
  EXPECT_EQ(e->Describe(), "http://127.0.0.1:8000");
}

TEST(EndpointTest, DefaultPortIsLeftOutOfTheHostHeader) {
  auto e = ParseEndpoint("https://dynamodb.eu-west-1.amazonaws.com/");
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(e->tls);
  EXPECT_EQ(e->port, "443");
  EXPECT_EQ(e->host_header, "dynamodb.eu-west-1.amazonaws.com");
}

TEST(EndpointTest, RefusesOtherSchemesAndPaths) {
  EXPECT_EQ(ParseEndpoint("ftp://x", "Options::remote.endpoint").status().message(),
            "Options::remote.endpoint must start with http:// or https://");
  EXPECT_EQ(ParseEndpoint("http://x/api").status().message(), "--endpoint takes no path");
  EXPECT_EQ(ParseEndpoint("http://").status().code(), ErrorCode::kValidation);
}

}  // namespace
}  // namespace stator::client
