#include "api/crc32.h"

#include <gtest/gtest.h>

namespace stator::api {
namespace {

TEST(Crc32Test, MatchesTheStandardCheckValue) {
  // The CRC-32/ISO-HDLC check value, the one zlib, botocore and the service use.
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(Crc32(""), 0u);
}

TEST(Crc32Test, MatchesTheServiceHealthCheckHeader) {
  // x-amz-crc32 the service sends with its health-check body.
  EXPECT_EQ(Crc32("healthy: dynamodb.us-east-1.amazonaws.com "), 3128867991u);
}

}  // namespace
}  // namespace stator::api
