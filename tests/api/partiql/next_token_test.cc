// ExecuteStatement's NextToken: it round-trips a position and a key of every key type, and is
// refused when forged or when it belongs to another statement.
#include "api/partiql/next_token.h"

#include <gtest/gtest.h>

namespace stator::partiql {
namespace {

TEST(NextToken, RoundTripsPositionAndKey) {
  const uint64_t f = StatementFingerprint("SELECT * FROM t", {AttributeValue::S("a")});
  PagePosition p{3, Item{{"pk", AttributeValue::S("a|b:1")},
                         {"sk", AttributeValue::N("-1.5")},
                         {"bin", AttributeValue::B(std::string("\0\xff", 2))}}};
  auto decoded = DecodeNextToken(EncodeNextToken(f, p), f);
  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  EXPECT_EQ(decoded->position, 3u);
  EXPECT_EQ(decoded->exclusive_start, p.exclusive_start);
  auto no_key = DecodeNextToken(EncodeNextToken(f, PagePosition{1, std::nullopt}), f);
  ASSERT_TRUE(no_key.ok());
  EXPECT_FALSE(no_key->exclusive_start);
}

TEST(NextToken, ATokenBelongsToItsStatementAndParameters) {
  const uint64_t f = StatementFingerprint("SELECT * FROM t WHERE a = ?", {AttributeValue::N("1")});
  const uint64_t g = StatementFingerprint("SELECT * FROM t WHERE a = ?", {AttributeValue::N("2")});
  EXPECT_NE(f, g);
  auto other = DecodeNextToken(EncodeNextToken(f, PagePosition{}), g);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().message(), "The provided starting key is invalid");
}

TEST(NextToken, ForgedTokensAreInvalid) {
  const uint64_t f = StatementFingerprint("s", {});
  std::string token = EncodeNextToken(f, PagePosition{0, Item{{"k", AttributeValue::S("v")}}});
  for (const std::string& bad : {std::string(""), std::string("abc"), token.substr(1),
                                 std::string("MXx8fHx8fHx8fHx8fHx8fHx8"), token + "===="}) {
    auto decoded = DecodeNextToken(bad, f);
    ASSERT_FALSE(decoded.ok()) << bad;
    EXPECT_EQ(decoded.status().message(), "Invalid NextToken") << bad;
  }
}

}  // namespace
}  // namespace stator::partiql
