#include "api/shape_check.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/api/test_util.h"

namespace stator::api {
namespace {

using testing::ParseObject;

std::string Check(std::string_view operation, std::string_view json) {
  Status st = CheckRequestShape(operation, ParseObject(json));
  if (st.ok()) return "OK";
  EXPECT_EQ(st.code(), ErrorCode::kValidation);
  return st.message();
}

TEST(ShapeCheck, ValidRequestsPass) {
  EXPECT_EQ(Check("GetItem", R"({"TableName": "tbl", "Key": {"pk": {"S": "a"}}})"), "OK");
  EXPECT_EQ(Check("Query", R"({"TableName": "tbl", "KeyConditionExpression": "pk = :v",
      "Limit": 5, "Select": "COUNT", "IndexName": "idx"})"),
            "OK");
  EXPECT_EQ(Check("NoSuchOperation", "{}"), "OK");
  EXPECT_EQ(Check("DescribeLimits", "{}"), "OK");
}

TEST(ShapeCheck, OneViolation) {
  // A table's name or ARN: 1 to 1024 characters; a name's own rules are the engine's.
  EXPECT_EQ(Check("GetItem", R"({"TableName": "", "Key": {}})"),
            "1 validation error detected: Value '' at 'tableName' failed to satisfy constraint: "
            "Member must have length greater than or equal to 1");
  EXPECT_EQ(Check("GetItem", R"({"TableName": "a;", "Key": {}})"), "OK");
  EXPECT_EQ(Check("Scan", R"({"TableName": "tbl", "Limit": 0})"),
            "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
            "Member must have value greater than or equal to 1");
}

TEST(ShapeCheck, AMemberBreakingSeveralConstraintsIsReportedForEach) {
  EXPECT_EQ(Check("Query", R"({"TableName": "tbl", "IndexName": "a;"})"),
            "2 validation errors detected: Value 'a;' at 'indexName' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; "
            "Value 'a;' at 'indexName' failed to satisfy constraint: Member must have length "
            "greater than or equal to 3");
}

TEST(ShapeCheck, NullMembersAreAbsent) {
  EXPECT_EQ(Check("DescribeTable", R"({"TableName": null})"),
            "1 validation error detected: Value null at 'tableName' failed to satisfy "
            "constraint: Member must not be null");
}

TEST(ShapeCheck, ViolationsOfTheWholeRequestInTheServiceOrder) {
  // PutItem's members in the order the service lists them: returnConsumedCapacity first.
  EXPECT_EQ(Check("PutItem", R"({"TableName": "", "ReturnValues": "hi",
      "ReturnConsumedCapacity": "hi"})"),
            "4 validation errors detected: "
            "Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must "
            "satisfy enum value set: [INDEXES, TOTAL, NONE]; "
            "Value '' at 'tableName' failed to satisfy constraint: Member must have length "
            "greater than or equal to 1; "
            "Value null at 'item' failed to satisfy constraint: Member must not be null; "
            "Value 'hi' at 'returnValues' failed to satisfy constraint: Member must satisfy enum "
            "value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
}

TEST(ShapeCheck, NestedPathsInCamelCase) {
  EXPECT_EQ(
      Check("CreateTable", R"({"TableName": "tbl",
      "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "X"}],
      "KeySchema": [{"AttributeName": "a", "KeyType": "SORT"}], "BillingMode": "PAY_PER_REQUEST"})"),
      "2 validation errors detected: "
      "Value 'X' at 'attributeDefinitions.1.member.attributeType' failed to satisfy "
      "constraint: Member must satisfy enum value set: [B, N, S]; "
      "Value 'SORT' at 'keySchema.1.member.keyType' failed to satisfy constraint: Member must "
      "satisfy enum value set: [HASH, RANGE]");
  EXPECT_EQ(
      Check("Scan", R"({"TableName": "tbl", "ScanFilter": {"a": {"ComparisonOperator": "XX"}}})"),
      "1 validation error detected: Value 'XX' at 'scanFilter.a.member.comparisonOperator' "
      "failed to satisfy constraint: Member must satisfy enum value set: [IN, NULL, "
      "BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
}

TEST(ShapeCheck, ListSizesPrintTheListAsTheServiceDoes) {
  EXPECT_EQ(
      Check("CreateTable", R"({"TableName": "tbl",
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "sk", "KeyType": "RANGE"},
                    {"AttributeName": "extra", "KeyType": "RANGE"}]})"),
      "1 validation error detected: Value '[KeySchemaElement(attributeName=pk, keyType=HASH), "
      "KeySchemaElement(attributeName=sk, keyType=RANGE), KeySchemaElement(attributeName=extra, "
      "keyType=RANGE)]' at 'keySchema' failed to satisfy constraint: Member must have length "
      "less than or equal to 2");
  EXPECT_EQ(Check("TransactWriteItems", R"({"TransactItems": []})"),
            "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy "
            "constraint: Member must have length greater than or equal to 1");
}

TEST(ShapeCheck, MapKeysAndValuesAreReportedForTheWholeMap) {
  EXPECT_EQ(Check("BatchGetItem", R"({"RequestItems": {"": {"Keys": [{"pk": {"S": "x"}}]}}})"),
            "1 validation error detected: Value '{=KeysAndAttributes(keys=[{pk=AttributeValue("
            "s=x, n=null, b=null, sS=null, nS=null, bS=null, m=null, l=null, nULL=null, "
            "bOOL=null)}], attributesToGet=null, consistentRead=null, projectionExpression=null, "
            "expressionAttributeNames=null)}' at 'requestItems' failed to satisfy constraint: Map "
            "keys must satisfy constraint: [Member must have length less than or equal to 1024, "
            "Member must have length greater than or equal to 1]");
  std::string puts;
  for (int i = 0; i < 26; ++i) {
    puts += std::string(i ? "," : "") + R"({"DeleteRequest": {"Key": {"k": {"N": "1"}}}})";
  }
  std::string message = Check("BatchWriteItem", R"({"RequestItems": {"tbl": [)" + puts + "]}}");
  EXPECT_EQ(message.rfind("1 validation error detected: Value '{tbl=[WriteRequest(", 0), 0u)
      << message;
  EXPECT_TRUE(message.ends_with(
      "at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: "
      "[Member must have length less than or equal to 25, Member must have length greater than "
      "or equal to 1]"))
      << message;
}

TEST(ShapeCheck, ListElementsWithConstraintsAreReportedOnce) {
  EXPECT_EQ(Check("UntagResource", R"({"ResourceArn": "arn:aws:dynamodb:r:1:table/tbl",
      "TagKeys": ["", "ok", ""]})"),
            "1 validation error detected: Value '[, ok, ]' at 'tagKeys' failed to satisfy "
            "constraint: Member must satisfy constraint: [Member must have length less than or "
            "equal to 128, Member must have length greater than or equal to 1]");
}

TEST(ShapeCheck, LengthsCountUtf16Units) {
  // Three characters of three bytes each: 9 bytes but a length of 3.
  // 1024 characters of two bytes each: 2048 bytes but a length of 1024.
  std::string wide;
  for (int i = 0; i < 1024; ++i) wide += "\u00e9";
  EXPECT_EQ(Check("DescribeTable", R"({"TableName": ")" + wide + "\"}"), "OK");
  std::string long_name(1025, 'a');
  EXPECT_EQ(Check("DescribeTable", R"({"TableName": ")" + long_name + "\"}"),
            "1 validation error detected: Value '" + long_name +
                "' at 'tableName' failed to satisfy constraint: Member must have length less "
                "than or equal to 1024");
}

TEST(ShapeCheck, AtMostTenListedAllCounted) {
  std::string body = R"({"TransactItems": [)";
  for (int i = 0; i < 12; ++i) body += std::string(i ? "," : "") + R"({"Put": {}})";
  body += "]}";
  std::string message = Check("TransactWriteItems", body);
  EXPECT_EQ(message.rfind("24 validation errors detected: Value null at "
                          "'transactItems.1.member.put.item' failed to satisfy constraint: "
                          "Member must not be null; Value null at "
                          "'transactItems.1.member.put.tableName'",
                          0),
            0u)
      << message;
  size_t listed = 0;
  for (size_t at = 0; (at = message.find("failed to satisfy", at)) != std::string::npos; ++at) {
    ++listed;
  }
  EXPECT_EQ(listed, 10u);
}

}  // namespace
}  // namespace stator::api
