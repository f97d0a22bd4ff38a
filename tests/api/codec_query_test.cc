#include "api/codec_query.h"

#include <gtest/gtest.h>

#include "tests/api/test_util.h"

namespace stator::api {
namespace {

using testing::ParseObject;

TEST(CodecQuery, DecodesQueryWithEveryParameter) {
  QueryRequest req;
  Status st = DecodeQuery(ParseObject(R"json({
    "TableName": "t", "IndexName": "i", "Select": "COUNT", "Limit": 5, "ConsistentRead": true,
    "KeyConditionExpression": "pk = :p", "FilterExpression": "a > :v",
    "ProjectionExpression": "#n", "ExpressionAttributeNames": {"#n": "n"},
    "ExpressionAttributeValues": {":p": {"S": "x"}, ":v": {"N": "1"}},
    "ExclusiveStartKey": {"pk": {"S": "x"}, "sk": {"N": "2"}},
    "ScanIndexForward": false, "ReturnConsumedCapacity": "TOTAL",
    "KeyConditions": {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "x"}]}},
    "QueryFilter": {"a": {"ComparisonOperator": "NOT_NULL"}}, "ConditionalOperator": "OR",
    "AttributesToGet": ["a", "b"]
  })json"),
                          &req);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(req.table_name, "t");
  EXPECT_EQ(req.index_name, "i");
  EXPECT_EQ(req.select, Select::kCount);
  EXPECT_EQ(req.limit, 5);
  EXPECT_TRUE(req.consistent_read);
  EXPECT_EQ(req.key_condition_expression, "pk = :p");
  EXPECT_EQ(req.filter_expression, "a > :v");
  EXPECT_EQ(req.projection_expression, "#n");
  EXPECT_EQ(req.expression_attribute_values.at(":v"), AttributeValue::N("1"));
  EXPECT_EQ(req.exclusive_start_key->at("sk"), AttributeValue::N("2"));
  EXPECT_FALSE(req.scan_index_forward);
  EXPECT_EQ(req.return_consumed_capacity, ReturnConsumedCapacity::kTotal);
  ASSERT_TRUE(req.key_conditions.has_value());
  EXPECT_EQ(req.key_conditions->at("pk").attribute_value_list.at(0), AttributeValue::S("x"));
  EXPECT_EQ(req.query_filter->at("a").comparison_operator, ComparisonOperator::kNOT_NULL);
  EXPECT_EQ(req.conditional_operator, ConditionalOperator::kOr);
  EXPECT_EQ(req.attributes_to_get->size(), 2u);
}

TEST(CodecQuery, DecodesScanSegments) {
  ScanRequest req;
  Status st = DecodeScan(ParseObject(R"json({
    "TableName": "t", "Segment": 3, "TotalSegments": 8,
    "ScanFilter": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]}}
  })json"),
                         &req);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(req.segment, 3);
  EXPECT_EQ(req.total_segments, 8);
  EXPECT_EQ(req.scan_filter->size(), 1u);
  EXPECT_FALSE(req.limit.has_value());
}

TEST(CodecQuery, ReportsBadEnumsAndMissingTableName) {
  QueryRequest req;
  Status st = DecodeQuery(ParseObject(R"json({"Select": "hi",
    "KeyConditions": {"b": {"ComparisonOperator": ""}}})json"),
                          &req);
  EXPECT_EQ(st.message(),
            "3 validation errors detected: Value '' at 'keyConditions.b.member."
            "comparisonOperator' failed to satisfy constraint: Member must satisfy enum value "
            "set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, "
            "GE, CONTAINS]; Value null at 'tableName' failed to satisfy constraint: Member must "
            "not be null; Value 'hi' at 'select' failed to satisfy constraint: Member must "
            "satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, "
            "ALL_PROJECTED_ATTRIBUTES]");
}

TEST(CodecQuery, EncodesPages) {
  ReadResponse page;
  page.items = std::vector<Item>{{{"a", AttributeValue::S("x")}}};
  page.count = 1;
  page.scanned_count = 3;
  page.last_evaluated_key = Item{{"a", AttributeValue::S("x")}};
  EXPECT_EQ(EncodeReadResponse(page),
            R"({"Items":[{"a":{"S":"x"}}],"Count":1,"ScannedCount":3,)"
            R"("LastEvaluatedKey":{"a":{"S":"x"}}})");
  ReadResponse count;
  count.count = 2;
  count.scanned_count = 2;
  EXPECT_EQ(EncodeReadResponse(count), R"({"Count":2,"ScannedCount":2})");
}

}  // namespace
}  // namespace stator::api
