#include "api/compression.h"

#include <gtest/gtest.h>

namespace stator::api {
namespace {

std::string Text(size_t n) {
  std::string s;
  for (size_t i = 0; s.size() < n; ++i) s += "{\"k\":" + std::to_string(i * 7919 % 1000) + "}";
  return s.substr(0, n);
}

TEST(CompressionTest, GzipAndDeflateRoundTrip) {
  const std::string in = Text(100000);
  for (ContentCoding c : {ContentCoding::kGzip, ContentCoding::kDeflate}) {
    const std::string z = Compress(c, in);
    EXPECT_LT(z.size(), in.size());
    std::string out;
    ASSERT_EQ(Decompress(c, z, in.size(), &out), DecompressResult::kOk);
    EXPECT_EQ(out, in);
  }
}

TEST(CompressionTest, GzipHasItsMagicAndDeflateItsZlibHeader) {
  const std::string gz = Compress(ContentCoding::kGzip, "abc");
  ASSERT_GE(gz.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(gz[1]), 0x8b);
  const std::string zl = Compress(ContentCoding::kDeflate, "abc");
  EXPECT_EQ(static_cast<unsigned char>(zl[0]) & 0x0f, 8);
}

TEST(CompressionTest, ConcatenatedGzipMembersAreOneBody) {
  const std::string z =
      Compress(ContentCoding::kGzip, "{\"a\":") + Compress(ContentCoding::kGzip, "1}");
  std::string out;
  ASSERT_EQ(Decompress(ContentCoding::kGzip, z, 100, &out), DecompressResult::kOk);
  EXPECT_EQ(out, "{\"a\":1}");
}

TEST(CompressionTest, RefusesABombBeyondTheLimit) {
  const std::string bomb = Compress(ContentCoding::kGzip, std::string(20 << 20, ' '));
  EXPECT_LT(bomb.size(), 100000u);
  std::string out;
  EXPECT_EQ(Decompress(ContentCoding::kGzip, bomb, 16 << 20, &out), DecompressResult::kTooLarge);
  EXPECT_LE(out.size(), 16u << 20);
}

TEST(CompressionTest, CorruptTruncatedAndEmptyInputsFail) {
  std::string z = Compress(ContentCoding::kGzip, Text(1000));
  std::string out;
  EXPECT_EQ(Decompress(ContentCoding::kGzip, "{\"not\":\"gzip\"}", 1000, &out),
            DecompressResult::kCorrupt);
  EXPECT_EQ(Decompress(ContentCoding::kGzip, z.substr(0, z.size() - 1), 10000, &out),
            DecompressResult::kCorrupt);
  EXPECT_EQ(Decompress(ContentCoding::kGzip, "", 1000, &out), DecompressResult::kCorrupt);
  EXPECT_EQ(Decompress(ContentCoding::kGzip, z + "junk", 10000, &out),
            DecompressResult::kCorrupt);
}

TEST(CompressionTest, ParsesContentEncoding) {
  ContentCoding c;
  ASSERT_TRUE(ParseContentEncoding("", &c));
  EXPECT_EQ(c, ContentCoding::kIdentity);
  ASSERT_TRUE(ParseContentEncoding("GZIP", &c));
  EXPECT_EQ(c, ContentCoding::kGzip);
  ASSERT_TRUE(ParseContentEncoding("deflate", &c));
  EXPECT_EQ(c, ContentCoding::kDeflate);
  EXPECT_FALSE(ParseContentEncoding("garbage", &c));
}

// Accept-Encoding values and the coding DynamoDB answers them with (ScyllaDB's tests against
// the service record these).
TEST(CompressionTest, ChoosesTheResponseCodingAsTheService) {
  const ContentCoding kNone = ContentCoding::kIdentity;
  const ContentCoding kGz = ContentCoding::kGzip;
  const ContentCoding kDf = ContentCoding::kDeflate;
  const std::pair<std::string_view, ContentCoding> cases[] = {
      {"identity", kNone},
      {"", kNone},
      {"br", kNone},
      {"x-gzip", kNone},
      {"gzip, deflate", kGz},
      {"br, identity, deflate, gzip", kDf},
      {"GZIP, identity", kGz},
      {"dog, gzip ,, cat", kGz},
      {"gzip;q=0.8, deflate;q=0.5", kGz},
      {"br, gzip;q=0, deflate; q = 0.5 , identity;q=0", kDf},
      {"*", kGz},
      {"*, deflate;q=0.5", kGz},
      {"*, deflate", kDf},
      {"*, identity", kGz},
      {"*, gzip;q=0.5", kDf},
      {"gzip ;q=0", kNone},
      {"identity;q=0", kNone},
      {"*;q=0", kNone},
      {"*;q=0.5,identity", kGz},
      {"br;q=0.8,identity;q=0.5,*;q=0", kNone},
      {"\"gzip\"", kNone},
      {"gzip br", kNone},
      {"gzip:q=1", kNone},
      {"deflate;q=0.5, gzip;q=31", kGz},
      {"gzip;q=31,deflate;q=51", kGz},
      {"deflate;q=0.5, gzip;q=0.2", kDf},
      {"deflate;q=0.5, gzip;q=1;q=0.2", kGz},
      {"deflate;q=0.5,gzip;q=0.", kDf},
      {"deflate;q=0.5,gzip;q=0.x", kGz},
      {"deflate;q=-0.5,gzip;q=0.2", kGz},
      {"gzip;nq=1;q=0 ", kNone},
      {"gzip;q=0, gzip;q=1, gzip;q=0", kGz},
      {"br,identity;q=0.5,gzip;q=0.0001", kGz},
  };
  for (const auto& [header, want] : cases) {
    EXPECT_EQ(ChooseResponseCoding(header), want) << "Accept-Encoding: " << header;
  }
}

}  // namespace
}  // namespace stator::api
