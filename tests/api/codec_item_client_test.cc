#include "api/codec_item_client.h"

#include <gtest/gtest.h>

#include "api/codec_item.h"
#include "tests/api/client_codec_util.h"

namespace stator::api {
namespace {

using testing::ExpectRequestRoundTrip;
using testing::ExpectResponseRoundTrip;
using testing::N;
using testing::S;

Item SampleItem() {
  return {{"pk", S("user#1")},
          {"n", N("12.5")},
          {"b", AttributeValue::B(std::string("\0\1\2", 3))},
          {"m",
           AttributeValue::M({{"x", AttributeValue::Bool(true)}, {"nul", AttributeValue::Null()}})},
          {"l", AttributeValue::L({S("a"), N("1")})},
          {"ss", AttributeValue::SS({"a", "b"})}};
}

ConsumedCapacity SampleCapacity() {
  ConsumedCapacity c;
  c.table_name = "t";
  c.capacity_units = 1.5;
  c.write_capacity_units = 1;
  c.read_capacity_units = 0.5;
  c.table = Capacity{0.5, 1, 1.5};
  c.global_secondary_indexes["g"] = Capacity{std::nullopt, 1, 1};
  return c;
}

TEST(CodecItemClientTest, PutItemWithConditions) {
  PutItemRequest r;
  r.table_name = "t";
  r.item = SampleItem();
  r.condition_expression = "attribute_not_exists(#p) OR v < :v";
  r.expression_attribute_names = {{"#p", "pk"}};
  r.expression_attribute_values = {{":v", N("3")}};
  r.return_values = ReturnValue::kAllOld;
  r.return_consumed_capacity = ReturnConsumedCapacity::kIndexes;
  r.return_item_collection_metrics = ReturnItemCollectionMetrics::kSize;
  r.return_old_item_on_condition_check_failure = true;
  ExpectRequestRoundTrip(r, EncodePutItemRequest, DecodePutItem);
}

TEST(CodecItemClientTest, LegacyExpectedAndConditionalOperator) {
  DeleteItemRequest r;
  r.table_name = "t";
  r.key = {{"pk", S("a")}};
  r.expected["a"].value = N("1");
  r.expected["b"].exists = false;
  r.expected["c"].comparison_operator = ComparisonOperator::kBETWEEN;
  r.expected["c"].attribute_value_list = std::vector<AttributeValue>{N("1"), N("9")};
  r.conditional_operator = ConditionalOperator::kOr;
  ExpectRequestRoundTrip(r, EncodeDeleteItemRequest, DecodeDeleteItem);
}

TEST(CodecItemClientTest, UpdateItemBothStyles) {
  UpdateItemRequest r;
  r.table_name = "t";
  r.key = {{"pk", S("a")}};
  r.update_expression = "SET v = v + :one";
  r.expression_attribute_values = {{":one", N("1")}};
  r.return_values = ReturnValue::kUpdatedNew;
  ExpectRequestRoundTrip(r, EncodeUpdateItemRequest, DecodeUpdateItem);

  UpdateItemRequest legacy;
  legacy.table_name = "t";
  legacy.key = {{"pk", S("a")}};
  legacy.attribute_updates["x"] = {S("y"), AttributeAction::kPut};
  legacy.attribute_updates["gone"] = {std::nullopt, AttributeAction::kDelete};
  legacy.attribute_updates["count"] = {N("2"), AttributeAction::kAdd};
  ExpectRequestRoundTrip(legacy, EncodeUpdateItemRequest, DecodeUpdateItem);
}

TEST(CodecItemClientTest, GetItem) {
  GetItemRequest r;
  r.table_name = "t";
  r.key = {{"pk", S("a")}, {"sk", N("1")}};
  r.consistent_read = true;
  r.projection_expression = "#a, b";
  r.expression_attribute_names = {{"#a", "a"}};
  r.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  ExpectRequestRoundTrip(r, EncodeGetItemRequest, DecodeGetItem);

  GetItemRequest legacy;
  legacy.table_name = "t";
  legacy.key = {{"pk", S("a")}};
  legacy.attributes_to_get = std::vector<std::string>{"a", "b"};
  ExpectRequestRoundTrip(legacy, EncodeGetItemRequest, DecodeGetItem);
}

TEST(CodecItemClientTest, Responses) {
  GetItemResponse get;
  get.item = SampleItem();
  get.consumed_capacity = SampleCapacity();
  ExpectResponseRoundTrip(get, EncodeGetItemResponse, DecodeGetItemResponse);
  ExpectResponseRoundTrip(GetItemResponse{}, EncodeGetItemResponse, DecodeGetItemResponse);

  WriteItemResponse write;
  write.attributes = SampleItem();
  write.consumed_capacity = SampleCapacity();
  write.item_collection_metrics = ItemCollectionMetrics{{{"pk", S("a")}}, {0, 1}};
  ExpectResponseRoundTrip(write, EncodeWriteItemResponse, DecodeWriteItemResponse);
}

TEST(CodecItemClientTest, MalformedAnswerIsAnIOError) {
  GetItemResponse r;
  Status s = DecodeGetItemResponse("not json", &r);
  EXPECT_EQ(s.code(), ErrorCode::kIOError);
  s = DecodeGetItemResponse(R"({"Item": 5})", &r);
  EXPECT_EQ(s.code(), ErrorCode::kIOError);
}

}  // namespace
}  // namespace stator::api
