#include "stator/flat_item.h"

#include <gtest/gtest.h>

#include <vector>

#include "engine/model/item_codec.h"
#include "tests/engine/model/every_type_item.h"

namespace stator {
namespace {

using testing::EveryTypeItem;

TEST(FlatItemTest, IteratesTheAttributesInNameOrderWithTheirValues) {
  const Item item = EveryTypeItem();
  const FlatItem flat = FlatItem::Of(item);
  ASSERT_EQ(flat.size(), item.size());
  auto expected = item.begin();
  for (const FlatAttribute& attribute : flat) {
    ASSERT_NE(expected, item.end());
    EXPECT_EQ(attribute.name(), expected->first);
    EXPECT_EQ(attribute.type(), expected->second.type()) << expected->first;
    EXPECT_EQ(attribute.Decode(), expected->second) << expected->first;
    ++expected;
  }
  EXPECT_EQ(expected, item.end());
}

TEST(FlatItemTest, ScalarsAreReadInPlace) {
  const FlatItem flat = FlatItem::Of(EveryTypeItem());
  EXPECT_EQ(flat.Find("s")->text(), "hello");
  EXPECT_EQ(flat.Find("n")->text(), "-12.5");
  EXPECT_EQ(flat.Find("b")->text(), std::string_view("\0\xff\x01", 3));
  EXPECT_EQ(flat.Find("empty")->text(), "");
  EXPECT_TRUE(flat.Find("t")->boolean());
  EXPECT_FALSE(flat.Find("f")->boolean());
  EXPECT_EQ(flat.Find("null")->type(), AttributeType::kNULL);
  EXPECT_EQ(flat.Find("m")->text(), "");  // not a scalar
  const std::string_view buffer = flat.encoded();
  const std::string_view text = flat.Find("s")->text();
  EXPECT_TRUE(text.data() >= buffer.data() && text.data() < buffer.data() + buffer.size());
}

TEST(FlatItemTest, FindsOnlyTheNamesItHas) {
  const FlatItem flat = FlatItem::Of(EveryTypeItem());
  EXPECT_FALSE(flat.Find("a").has_value());      // before every name
  EXPECT_FALSE(flat.Find("nu").has_value());     // between names
  EXPECT_FALSE(flat.Find("zzz").has_value());    // after every name
  EXPECT_EQ(flat.Find("ss")->Decode(), AttributeValue::SS({"a", "b"}));
}

TEST(FlatItemTest, ConvertsBackToTheSameItem) {
  EXPECT_EQ(FlatItem::Of(EveryTypeItem()).ToItem(), EveryTypeItem());
  const FlatItem empty;
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(empty.begin(), empty.end());
  EXPECT_TRUE(empty.ToItem().empty());
}

TEST(FlatItemTest, TakesTheEngineEncodingAndRejectsAnythingElse) {
  const std::string bytes = EncodeItem(EveryTypeItem());
  auto taken = FlatItem::FromEncoded(bytes);
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(taken->ToItem(), EveryTypeItem());
  for (size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_FALSE(FlatItem::FromEncoded(bytes.substr(0, n)).has_value()) << n;
  }
  EXPECT_FALSE(FlatItem::FromEncoded(bytes + "x").has_value());
  // Two attributes out of order, then twice the same name: an Item never encodes either.
  std::string unordered = EncodeItem(Item{{"a", AttributeValue::Null()}});
  unordered[0] = 2;
  unordered += EncodeItem(Item{{"0", AttributeValue::Null()}}).substr(1);
  EXPECT_FALSE(FlatItem::FromEncoded(unordered).has_value());
  std::string twice = EncodeItem(Item{{"a", AttributeValue::Null()}});
  twice[0] = 2;
  twice += twice.substr(1);
  EXPECT_FALSE(FlatItem::FromEncoded(twice).has_value());
}

TEST(FlatItemTest, TakesAnEncodingBehindAHeaderAndNeverReadsTheHeader) {
  const std::string bytes = EncodeItem(EveryTypeItem());
  // A header that is not an item (its first byte would claim 200 attributes).
  const std::string header = "\xc8\x01record";
  auto taken = FlatItem::FromEncoded(header + bytes, header.size());
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(taken->encoded(), bytes);
  EXPECT_EQ(taken->size(), EveryTypeItem().size());
  EXPECT_EQ(taken->ToItem(), EveryTypeItem());
  EXPECT_EQ(taken->Find("ss")->Decode(), AttributeValue::SS({"a", "b"}));
  EXPECT_FALSE(FlatItem::FromEncoded(header + bytes, 0).has_value());
  EXPECT_FALSE(FlatItem::FromEncoded(header + bytes, header.size() + 1).has_value());
  EXPECT_FALSE(FlatItem::FromEncoded(header, header.size() + 1).has_value());
}

TEST(FlatItemTest, AttributesKeepTheirViewsWhileTheItemLives) {
  // A long value, so the buffer is on the heap and the views must point into it.
  const Item item{{"k", AttributeValue::S(std::string(200, 'v'))}};
  const FlatItem flat = FlatItem::Of(item);
  std::vector<FlatAttribute> kept(flat.begin(), flat.end());
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].text(), std::string(200, 'v'));
}

}  // namespace
}  // namespace stator
