#include "api/codec_item.h"

#include <gtest/gtest.h>

#include "tests/api/test_util.h"

namespace stator::api {
namespace {

using testing::ParseObject;

TEST(CodecItem, DecodesPutItemWithEveryParameter) {
  PutItemRequest req;
  Status st = DecodePutItem(ParseObject(R"json({
    "TableName": "t", "Item": {"pk": {"S": "a"}, "n": {"N": "1"}},
    "ConditionExpression": "attribute_not_exists(#p)",
    "ExpressionAttributeNames": {"#p": "pk"},
    "ExpressionAttributeValues": {":v": {"BOOL": true}},
    "Expected": {"x": {"Value": {"S": "y"}, "Exists": true},
                 "z": {"ComparisonOperator": "BETWEEN",
                       "AttributeValueList": [{"N": "1"}, {"N": "2"}]}},
    "ConditionalOperator": "OR",
    "ReturnValues": "ALL_OLD", "ReturnConsumedCapacity": "INDEXES",
    "ReturnItemCollectionMetrics": "SIZE",
    "ReturnValuesOnConditionCheckFailure": "ALL_OLD"
  })json"),
                            &req);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(req.table_name, "t");
  EXPECT_EQ(req.item.at("n"), AttributeValue::N("1"));
  EXPECT_EQ(req.condition_expression, "attribute_not_exists(#p)");
  EXPECT_EQ(req.expression_attribute_names.at("#p"), "pk");
  EXPECT_EQ(req.expression_attribute_values.at(":v"), AttributeValue::Bool(true));
  EXPECT_EQ(req.expected.at("x").value, AttributeValue::S("y"));
  EXPECT_EQ(req.expected.at("x").exists, true);
  EXPECT_EQ(req.expected.at("z").comparison_operator, ComparisonOperator::kBETWEEN);
  EXPECT_EQ(req.expected.at("z").attribute_value_list->size(), 2u);
  EXPECT_EQ(req.conditional_operator, ConditionalOperator::kOr);
  EXPECT_EQ(req.return_values, ReturnValue::kAllOld);
  EXPECT_EQ(req.return_consumed_capacity, ReturnConsumedCapacity::kIndexes);
  EXPECT_EQ(req.return_item_collection_metrics, ReturnItemCollectionMetrics::kSize);
  EXPECT_TRUE(req.return_old_item_on_condition_check_failure);
}

TEST(CodecItem, PutItemMissingMembersInTheServiceOrder) {
  PutItemRequest req;
  Status st = DecodePutItem(ParseObject("{}"), &req);
  EXPECT_EQ(st.message(),
            "2 validation errors detected: Value null at 'tableName' failed to satisfy "
            "constraint: Member must not be null; Value null at 'item' failed to satisfy "
            "constraint: Member must not be null");

  PutItemRequest req2;
  st = DecodePutItem(ParseObject(R"({"ReturnConsumedCapacity": "hi",
      "ReturnItemCollectionMetrics": "hi", "ReturnValues": "hi"})"),
                     &req2);
  EXPECT_EQ(st.message(),
            "5 validation errors detected: "
            "Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must "
            "satisfy enum value set: [INDEXES, TOTAL, NONE]; "
            "Value null at 'tableName' failed to satisfy constraint: Member must not be null; "
            "Value null at 'item' failed to satisfy constraint: Member must not be null; "
            "Value 'hi' at 'returnValues' failed to satisfy constraint: Member must satisfy enum "
            "value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]; "
            "Value 'hi' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member "
            "must satisfy enum value set: [SIZE, NONE]");
}

TEST(CodecItem, ConstraintErrorsComeBeforeValueErrors) {
  PutItemRequest req;
  Status st = DecodePutItem(ParseObject(R"({"Item": {"a": {"SS": []}}})"), &req);
  EXPECT_EQ(st.message(),
            "1 validation error detected: Value null at 'tableName' failed to satisfy "
            "constraint: Member must not be null");
  PutItemRequest req2;
  st = DecodePutItem(ParseObject(R"({"TableName": "t", "Item": {"a": {"SS": []}}})"), &req2);
  EXPECT_EQ(st.message(),
            "One or more parameter values were invalid: An string set  may not be empty");
}

TEST(CodecItem, MistypedItemMembers) {
  struct Case {
    std::string_view json, message;
  } cases[] = {
      {R"({"TableName": "t", "Item": []})",
       "Unrecognized collection type java.util.Map<java.lang.String, "
       "com.amazonaws.dynamodb.v20120810.AttributeValue>"},
      {R"({"TableName": "t", "Item": "x"})", "Unexpected field type"},
      {R"({"TableName": "t", "Item": {"a": 5}})", "Unexpected value type in payload"},
      {R"({"TableName": "t", "Item": {}, "Expected": {"a": 5}})",
       "Unexpected value type in payload"},
      {R"({"TableName": "t", "Item": {}, "Expected": {"a": {"Exists": "no"}}})",
       "Unexpected token received from parser"},
      {R"({"TableName": "t", "Item": {}, "ReturnValues": 1})",
       "NUMBER_VALUE cannot be converted to String"},
  };
  for (const auto& c : cases) {
    PutItemRequest req;
    Status st = DecodePutItem(ParseObject(c.json), &req);
    EXPECT_EQ(st.code(), ErrorCode::kSerialization) << c.json;
    EXPECT_EQ(st.message(), c.message) << c.json;
  }
}

TEST(CodecItem, ExpectedEnumPath) {
  PutItemRequest req;
  Status st = DecodePutItem(
      ParseObject(R"({"TableName": "t", "Item": {}, "Expected": {"a": {"ComparisonOperator":
      "XX"}}})"),
      &req);
  EXPECT_EQ(st.message(),
            "1 validation error detected: Value 'XX' at 'expected.a.member.comparisonOperator' "
            "failed to satisfy constraint: Member must satisfy enum value set: [IN, NULL, "
            "BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
}

TEST(CodecItem, DecodesGetDeleteUpdate) {
  GetItemRequest get;
  ASSERT_TRUE(DecodeGetItem(ParseObject(R"({"TableName": "t", "Key": {"pk": {"S": "a"}},
      "ConsistentRead": true, "AttributesToGet": ["x"], "ProjectionExpression": "#a",
      "ExpressionAttributeNames": {"#a": "a"}, "ReturnConsumedCapacity": "TOTAL"})"),
                            &get)
                  .ok());
  EXPECT_TRUE(get.consistent_read);
  EXPECT_EQ(get.attributes_to_get, std::vector<std::string>{"x"});
  EXPECT_EQ(get.projection_expression, "#a");
  EXPECT_EQ(get.return_consumed_capacity, ReturnConsumedCapacity::kTotal);

  GetItemRequest get2;
  EXPECT_EQ(DecodeGetItem(ParseObject(R"({"TableName": "t"})"), &get2).message(),
            "1 validation error detected: Value null at 'key' failed to satisfy constraint: "
            "Member must not be null");

  DeleteItemRequest del;
  ASSERT_TRUE(
      DecodeDeleteItem(ParseObject(R"({"TableName": "t", "Key": {"pk": {"N": "1"}}})"), &del).ok());
  EXPECT_EQ(del.key.at("pk"), AttributeValue::N("1"));

  UpdateItemRequest upd;
  ASSERT_TRUE(DecodeUpdateItem(ParseObject(R"({"TableName": "t", "Key": {"pk": {"S": "a"}},
      "UpdateExpression": "SET a = :v", "AttributeUpdates": {"b": {"Action": "DELETE"},
      "c": {"Value": {"N": "2"}}}, "ReturnValues": "UPDATED_NEW"})"),
                               &upd)
                  .ok());
  EXPECT_EQ(upd.update_expression, "SET a = :v");
  EXPECT_EQ(upd.attribute_updates.at("b").action, AttributeAction::kDelete);
  EXPECT_FALSE(upd.attribute_updates.at("b").value.has_value());
  EXPECT_EQ(upd.attribute_updates.at("c").action, AttributeAction::kPut);  // the default
  EXPECT_EQ(upd.attribute_updates.at("c").value, AttributeValue::N("2"));
  EXPECT_EQ(upd.return_values, ReturnValue::kUpdatedNew);

  UpdateItemRequest upd2;
  EXPECT_EQ(DecodeUpdateItem(ParseObject(R"({"TableName": "t", "Key": {},
      "AttributeUpdates": {"b": {"Action": "X"}}})"),
                             &upd2)
                .message(),
            "1 validation error detected: Value 'X' at 'attributeUpdates.b.member.action' failed "
            "to satisfy constraint: Member must satisfy enum value set: [ADD, PUT, DELETE]");
}

TEST(CodecItem, EncodesResponsesOnlyWithWhatIsSet) {
  EXPECT_EQ(EncodeWriteItemResponse({}), "{}");
  EXPECT_EQ(EncodeGetItemResponse({}), "{}");

  GetItemResponse get;
  get.item = Item{{"a", AttributeValue::S("b")}};
  get.consumed_capacity.emplace();
  get.consumed_capacity->table_name = "t";
  get.consumed_capacity->capacity_units = 0.5;
  EXPECT_EQ(EncodeGetItemResponse(get),
            R"({"Item":{"a":{"S":"b"}},"ConsumedCapacity":{"TableName":"t","CapacityUnits":0.5}})");

  WriteItemResponse put;
  put.attributes = Item{{"n", AttributeValue::N("1")}};
  ConsumedCapacity& c = put.consumed_capacity.emplace();
  c.table_name = "t";
  c.capacity_units = 1;
  c.write_capacity_units = 1;
  c.table = Capacity{std::nullopt, 1, 1};
  put.item_collection_metrics = ItemCollectionMetrics{{{"pk", AttributeValue::S("a")}}, {0, 1}};
  EXPECT_EQ(EncodeWriteItemResponse(put),
            R"({"Attributes":{"n":{"N":"1"}},"ConsumedCapacity":{"TableName":"t",)"
            R"("CapacityUnits":1,"WriteCapacityUnits":1,"Table":{"WriteCapacityUnits":1,)"
            R"("CapacityUnits":1}},"ItemCollectionMetrics":{"ItemCollectionKey":{"pk":{"S":"a"}},)"
            R"("SizeEstimateRangeGB":[0,1]}})");
}

TEST(CodecItem, EncodesTheIndexBreakdownOfConsumedCapacity) {
  WriteItemResponse put;
  ConsumedCapacity& c = put.consumed_capacity.emplace();
  c.table_name = "t";
  c.capacity_units = 3;
  c.write_capacity_units = 3;
  c.table = Capacity{std::nullopt, 1, 1};
  c.global_secondary_indexes["g1"] = Capacity{std::nullopt, 1, 1};
  c.local_secondary_indexes["l1"] = Capacity{std::nullopt, 1, 1};
  EXPECT_EQ(EncodeWriteItemResponse(put),
            R"({"ConsumedCapacity":{"TableName":"t","CapacityUnits":3,"WriteCapacityUnits":3,)"
            R"("Table":{"WriteCapacityUnits":1,"CapacityUnits":1},)"
            R"("GlobalSecondaryIndexes":{"g1":{"WriteCapacityUnits":1,"CapacityUnits":1}},)"
            R"("LocalSecondaryIndexes":{"l1":{"WriteCapacityUnits":1,"CapacityUnits":1}}}})");
}

}  // namespace
}  // namespace stator::api
