#include "engine/key_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace stator::engine {
namespace {

TEST(KeyCodecTest, KeysOfATableShareItsPrefixAndSortBelowTheNext) {
  const auto s = AttributeValue::S("x");
  const std::string key = EncodeItemKey(7, s, nullptr);
  EXPECT_EQ(key.substr(0, 4), TablePrefix(7));
  EXPECT_LT(key, TablePrefix(8));
  EXPECT_GT(key, TablePrefix(7));
}

TEST(KeyCodecTest, PartitionHashDependsOnTypeAndValue) {
  EXPECT_NE(PartitionHash(AttributeValue::S("1")), PartitionHash(AttributeValue::N("1")));
  EXPECT_NE(PartitionHash(AttributeValue::S("1")), PartitionHash(AttributeValue::S("2")));
  EXPECT_EQ(PartitionHash(AttributeValue::B("1")), PartitionHash(AttributeValue::B("1")));
}

TEST(KeyCodecTest, NumericSortKeysSortByValueWithinAPartition) {
  const auto pk = AttributeValue::S("p");
  std::vector<std::string> numbers = {"-100", "-1.5", "-1", "0", "0.001", "1", "1.5", "10", "99"};
  std::vector<std::string> keys;
  for (const auto& n : numbers) {
    const auto sk = AttributeValue::N(n);
    keys.push_back(EncodeItemKey(1, pk, &sk));
  }
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
}

TEST(KeyCodecTest, StringSortKeysSortByUnsignedBytes) {
  const auto pk = AttributeValue::S("p");
  std::vector<std::string> values = {"", "A", "B", "a", "ab", "b", "\x7f", "\x80", "\xff"};
  std::vector<std::string> keys;
  for (const auto& v : values) {
    const auto sk = AttributeValue::S(v);
    keys.push_back(EncodeItemKey(1, pk, &sk));
  }
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
}

TEST(KeyCodecTest, DistinctPartitionKeysNeverCollideEvenWithSortKeys) {
  // "ab" + sort "c" must differ from "a" + sort "bc": the partition key is length-delimited.
  const auto c = AttributeValue::S("c");
  const auto bc = AttributeValue::S("bc");
  EXPECT_NE(EncodeItemKey(1, AttributeValue::S("ab"), &c),
            EncodeItemKey(1, AttributeValue::S("a"), &bc));
}

}  // namespace
}  // namespace stator::engine
