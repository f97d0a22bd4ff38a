// EncodeSharedGetItemResponse: the encoded item is kept in the shared slot and reused.
#include <gtest/gtest.h>

#include "api/codec_item.h"

namespace stator::api {
namespace {

TEST(CodecSharedItemTest, FillsTheSlotOnceAndReusesIt) {
  SharedGetItemResponse r;
  r.item = std::make_shared<const Item>(Item{{"id", AttributeValue::S("a")}});
  r.encoded = std::make_shared<EncodedItem>();
  EXPECT_EQ(EncodeSharedGetItemResponse(r), R"({"Item":{"id":{"S":"a"}}})");
  ASSERT_NE(r.encoded->Get(), nullptr);
  EXPECT_EQ(*r.encoded->Get(), R"({"id":{"S":"a"}})");
  // Whatever the slot holds is what is sent: the encoder does not look at the item again.
  SharedGetItemResponse again = r;
  again.item = std::make_shared<const Item>(Item{{"id", AttributeValue::S("changed")}});
  EXPECT_EQ(EncodeSharedGetItemResponse(again), R"({"Item":{"id":{"S":"a"}}})");
}

TEST(CodecSharedItemTest, NoItemAndConsumedCapacity) {
  SharedGetItemResponse r;
  EXPECT_EQ(EncodeSharedGetItemResponse(r), "{}");
  ConsumedCapacity c;
  c.table_name = "tbl";
  c.capacity_units = 0.5;
  c.read_capacity_units = 0.5;
  r.consumed_capacity = c;
  GetItemResponse plain;
  plain.consumed_capacity = c;
  EXPECT_EQ(EncodeSharedGetItemResponse(r), EncodeGetItemResponse(plain));
  r.item = std::make_shared<const Item>(Item{{"id", AttributeValue::S("a")}});
  plain.item = *r.item;
  EXPECT_EQ(EncodeSharedGetItemResponse(r), EncodeGetItemResponse(plain));
}

}  // namespace
}  // namespace stator::api
