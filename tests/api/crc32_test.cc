#include "api/crc32.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <random>
#include <string>

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

// The folding path (64 bytes and more) must agree with zlib's table for every length, tail and
// alignment, since clients reject a response whose checksum is off.
TEST(Crc32Test, AgreesWithZlibAtEveryLengthAndAlignment) {
  std::mt19937 rng(7);
  std::string data(4096 + 16, '\0');
  for (char& c : data) c = static_cast<char>(rng());
  for (size_t offset = 0; offset < 16; ++offset) {
    for (size_t size = 0; size <= 600; ++size) {
      const std::string_view bytes(data.data() + offset, size);
      const auto expected = static_cast<uint32_t>(
          crc32(0, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(size)));
      ASSERT_EQ(Crc32(bytes), expected) << "offset " << offset << " size " << size;
    }
  }
  const std::string_view all(data.data(), 4096 + 13);
  EXPECT_EQ(Crc32(all), static_cast<uint32_t>(crc32(
                            0, reinterpret_cast<const Bytef*>(all.data()), all.size())));
}

}  // namespace
}  // namespace stator::api
