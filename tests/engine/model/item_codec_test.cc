#include "engine/model/item_codec.h"

#include <gtest/gtest.h>

namespace stator::engine {
namespace {

Item AllTypes() {
  return Item{
      {"s", AttributeValue::S("hello")},
      {"empty", AttributeValue::S("")},
      {"n", AttributeValue::N("-12.5")},
      {"b", AttributeValue::B(std::string("\0\xff\x01", 3))},
      {"t", AttributeValue::Bool(true)},
      {"f", AttributeValue::Bool(false)},
      {"null", AttributeValue::Null()},
      {"m", AttributeValue::M({{"inner", AttributeValue::L({AttributeValue::N("1"),
                                                             AttributeValue::M({})})}})},
      {"l", AttributeValue::L({})},
      {"ss", AttributeValue::SS({"a", "b"})},
      {"ns", AttributeValue::NS({"1", "2.5"})},
      {"bs", AttributeValue::BS({std::string("\0", 1), "x"})},
  };
}

TEST(ItemCodecTest, RoundTripsEveryType) {
  const Item item = AllTypes();
  Item decoded;
  ASSERT_TRUE(DecodeItem(EncodeItem(item), &decoded));
  EXPECT_EQ(decoded, item);
}

TEST(ItemCodecTest, RejectsEveryTruncation) {
  const std::string bytes = EncodeItem(AllTypes());
  for (size_t n = 0; n < bytes.size(); ++n) {
    Item decoded;
    EXPECT_FALSE(DecodeItem(std::string_view(bytes).substr(0, n), &decoded)) << n;
  }
}

TEST(ItemCodecTest, RejectsTrailingBytesAndUnknownTags) {
  std::string bytes = EncodeItem(AllTypes());
  Item decoded;
  EXPECT_FALSE(DecodeItem(bytes + "x", &decoded));
  EXPECT_FALSE(DecodeItem(std::string("\x01\x01" "a\x63", 4), &decoded));
}

TEST(ItemCodecTest, SurvivesDeepCorruptNesting) {
  // A list nested far deeper than any valid item: must fail cleanly, not exhaust the stack.
  std::string bytes = "\x01\x01" "a";
  for (int i = 0; i < 100000; ++i) bytes += "\x08\x01";
  Item decoded;
  EXPECT_FALSE(DecodeItem(bytes, &decoded));
}

}  // namespace
}  // namespace stator::engine
