#include "engine/model/item_codec.h"

#include <gtest/gtest.h>

#include "tests/engine/model/every_type_item.h"

namespace stator::engine {
namespace {

using testing::EveryTypeItem;

TEST(ItemCodecTest, RoundTripsEveryType) {
  const Item item = EveryTypeItem();
  Item decoded;
  ASSERT_TRUE(DecodeItem(EncodeItem(item), &decoded));
  EXPECT_EQ(decoded, item);
}

TEST(ItemCodecTest, RejectsEveryTruncation) {
  const std::string bytes = EncodeItem(EveryTypeItem());
  for (size_t n = 0; n < bytes.size(); ++n) {
    Item decoded;
    EXPECT_FALSE(DecodeItem(std::string_view(bytes).substr(0, n), &decoded)) << n;
  }
}

TEST(ItemCodecTest, RejectsTrailingBytesAndUnknownTags) {
  std::string bytes = EncodeItem(EveryTypeItem());
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
