#include "engine/storage/key_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
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

// Built by assignment: brace-initialising a KeySchema trips GCC 12's -Wmaybe-uninitialized.
KeySchema SchemaOf(KeyAttribute hash, std::optional<KeyAttribute> range = std::nullopt) {
  KeySchema schema;
  schema.hash = std::move(hash);
  schema.range = std::move(range);
  return schema;
}

TEST(KeyCodecTest, DecodeItemKeyGivesBackTheEncodedKey) {
  const KeySchema hash_only = SchemaOf({"id", ScalarType::kS});
  Item key;
  const auto id = AttributeValue::S(std::string("a\0b", 3));
  ASSERT_TRUE(DecodeItemKey(hash_only, EncodeItemKey(3, id, nullptr), &key));
  EXPECT_EQ(key, (Item{{"id", id}}));

  const KeySchema hash_range = SchemaOf({"pk", ScalarType::kN}, KeyAttribute{"sk", ScalarType::kN});
  for (const char* n : {"0", "-1.5", "12345678901234567890123456789012345678", "0.00001"}) {
    const auto pk = AttributeValue::N("42");
    const auto sk = AttributeValue::N(n);
    ASSERT_TRUE(DecodeItemKey(hash_range, EncodeItemKey(1, pk, &sk), &key)) << n;
    EXPECT_EQ(key, (Item{{"pk", pk}, {"sk", sk}})) << n;
  }
  const KeySchema binary = SchemaOf({"pk", ScalarType::kB}, KeyAttribute{"sk", ScalarType::kS});
  const auto pk = AttributeValue::B(std::string("\xff\0", 2));
  const auto sk = AttributeValue::S("");
  ASSERT_TRUE(DecodeItemKey(binary, EncodeItemKey(9, pk, &sk), &key));
  EXPECT_EQ(key, (Item{{"pk", pk}, {"sk", sk}}));
}

TEST(KeyCodecTest, DecodeItemKeyRefusesKeysOfAnotherShape) {
  const KeySchema hash_only = SchemaOf({"id", ScalarType::kS});
  const KeySchema hash_range = SchemaOf({"pk", ScalarType::kS}, KeyAttribute{"sk", ScalarType::kS});
  const auto pk = AttributeValue::S("p");
  const auto sk = AttributeValue::S("s");
  Item key;
  EXPECT_FALSE(DecodeItemKey(hash_only, EncodeItemKey(1, pk, &sk), &key));
  EXPECT_FALSE(DecodeItemKey(hash_range, EncodeItemKey(1, pk, nullptr), &key));
  EXPECT_FALSE(DecodeItemKey(hash_only, TablePrefix(1), &key));
  const std::string whole = EncodeItemKey(1, pk, nullptr);
  EXPECT_FALSE(DecodeItemKey(hash_only, whole.substr(0, whole.size() - 1), &key));
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
