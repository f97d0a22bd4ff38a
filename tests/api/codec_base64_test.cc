#include "api/codec_base64.h"

#include <gtest/gtest.h>

namespace stator::api {
namespace {

TEST(Base64, RoundTripsAllLengthsAndBytes) {
  std::string bytes;
  for (int i = 0; i < 300; ++i) {
    bytes.push_back(static_cast<char>(i * 37));
    std::string encoded;
    Base64Encode(bytes, &encoded);
    EXPECT_EQ(encoded.size() % 4, 0u);
    std::string decoded;
    EXPECT_EQ(Base64Decode(encoded, &decoded), "");
    EXPECT_EQ(decoded, bytes);
  }
}

TEST(Base64, KnownVectors) {
  std::string out;
  Base64Encode("foobar", &out);
  EXPECT_EQ(out, "Zm9vYmFy");
  out.clear();
  Base64Encode("fo", &out);
  EXPECT_EQ(out, "Zm8=");
  std::string decoded;
  EXPECT_EQ(Base64Decode("Zg==", &decoded), "");
  EXPECT_EQ(decoded, "f");
  EXPECT_EQ(Base64Decode("", &decoded), "");
  EXPECT_EQ(decoded, "");
}

TEST(Base64, ServiceMessagesForMalformedInput) {
  std::string out;
  EXPECT_EQ(Base64Decode("23456", &out),
            "Base64 encoded length is expected a multiple of 4 bytes but found: 5");
  EXPECT_EQ(Base64Decode("=+/=", &out), "Invalid last non-pad Base64 character dectected");
  // '+' leaves non-zero bits before the padding.
  EXPECT_EQ(Base64Decode("+/+=", &out), "Invalid last non-pad Base64 character dectected");
  EXPECT_EQ(Base64Decode("ab!d", &out), "Invalid last non-pad Base64 character dectected");
}

}  // namespace
}  // namespace stator::api
