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

// The Streams API's operations are checked against its own model, by the same walker.
constexpr std::string_view kStreamArn =
    "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2026-12-06T02:40:39.123";

TEST(ShapeCheckStreams, ValidRequestsPass) {
  EXPECT_EQ(Check("ListStreams", "{}"), "OK");
  EXPECT_EQ(Check("ListStreams", R"({"TableName": "my.table-1_x", "Limit": 100})"), "OK");
  EXPECT_EQ(Check("DescribeStream", R"({"StreamArn": ")" + std::string(kStreamArn) +
                                        R"(", "Limit": 1})"),
            "OK");
  EXPECT_EQ(Check("GetRecords", R"({"ShardIterator": "i", "Limit": 1000})"), "OK");
}

TEST(ShapeCheckStreams, ListStreamsViolationsAreReportedTogether) {
  EXPECT_EQ(Check("ListStreams",
                  R"({"TableName": "a!", "Limit": 0, "ExclusiveStartStreamArn": "kossa"})"),
            "4 validation errors detected: "
            "Value 'a!' at 'tableName' failed to satisfy constraint: Member must satisfy regular "
            "expression pattern: [a-zA-Z0-9_.-]+; "
            "Value 'a!' at 'tableName' failed to satisfy constraint: Member must have length "
            "greater than or equal to 3; "
            "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater "
            "than or equal to 1; "
            "Value 'kossa' at 'exclusiveStartStreamArn' failed to satisfy constraint: Member "
            "must have length greater than or equal to 37");
  // The Limit's upper bound is the API reference's ("The upper limit is 100"), not the model's.
  EXPECT_EQ(Check("ListStreams", R"({"Limit": 101})"),
            "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: "
            "Member must have value less than or equal to 100");
  // Unlike DynamoDB's front end, the Streams API holds '' to the pattern as well.
  EXPECT_EQ(Check("ListStreams", R"({"TableName": ""})"),
            "2 validation errors detected: Value '' at 'tableName' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value "
            "'' at 'tableName' failed to satisfy constraint: Member must have length greater "
            "than or equal to 3");
  const std::string name(256, 'n');
  EXPECT_EQ(Check("ListStreams", R"({"TableName": ")" + name + R"("})"),
            "1 validation error detected: Value '" + name +
                "' at 'tableName' failed to satisfy constraint: Member must have length less "
                "than or equal to 255");
}

TEST(ShapeCheckStreams, DescribeStreamBounds) {
  EXPECT_EQ(Check("DescribeStream", R"({"Limit": 101})"),
            "2 validation errors detected: Value null at 'streamArn' failed to satisfy "
            "constraint: Member must not be null; Value '101' at 'limit' failed to satisfy "
            "constraint: Member must have value less than or equal to 100");
  const std::string long_arn(1025, 'a');
  const std::string long_shard(66, 's');
  EXPECT_EQ(Check("DescribeStream", R"({"StreamArn": ")" + long_arn +
                                        R"(", "ExclusiveStartShardId": ")" + long_shard + R"("})"),
            "2 validation errors detected: Value '" + long_arn +
                "' at 'streamArn' failed to satisfy constraint: Member must have length less "
                "than or equal to 1024; Value '" + long_shard +
                "' at 'exclusiveStartShardId' failed to satisfy constraint: Member must have "
                "length less than or equal to 65");
}

TEST(ShapeCheckStreams, GetShardIteratorViolationsAreReportedTogether) {
  EXPECT_EQ(Check("GetShardIterator", "{}"),
            "3 validation errors detected: "
            "Value null at 'streamArn' failed to satisfy constraint: Member must not be null; "
            "Value null at 'shardId' failed to satisfy constraint: Member must not be null; "
            "Value null at 'shardIteratorType' failed to satisfy constraint: Member must not be "
            "null");
  const std::string long_sequence(41, '9');
  EXPECT_EQ(Check("GetShardIterator", R"({"StreamArn": "arn", "ShardId": "shard",
      "ShardIteratorType": "bulle", "SequenceNumber": ")" + long_sequence + R"("})"),
            "4 validation errors detected: "
            "Value 'arn' at 'streamArn' failed to satisfy constraint: Member must have length "
            "greater than or equal to 37; "
            "Value 'shard' at 'shardId' failed to satisfy constraint: Member must have length "
            "greater than or equal to 28; "
            "Value 'bulle' at 'shardIteratorType' failed to satisfy constraint: Member must "
            "satisfy enum value set: [TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, "
            "AFTER_SEQUENCE_NUMBER]; "
            "Value '" + long_sequence +
                "' at 'sequenceNumber' failed to satisfy constraint: Member must have length "
                "less than or equal to 40");
}

TEST(ShapeCheckStreams, GetRecordsBounds) {
  const std::string long_iterator(2049, 'i');
  EXPECT_EQ(Check("GetRecords",
                  R"({"ShardIterator": ")" + long_iterator + R"(", "Limit": 1001})"),
            "2 validation errors detected: Value '" + long_iterator +
                "' at 'shardIterator' failed to satisfy constraint: Member must have length "
                "less than or equal to 2048; Value '1001' at 'limit' failed to satisfy "
                "constraint: Member must have value less than or equal to 1000");
  EXPECT_EQ(Check("GetRecords", R"({"ShardIterator": "", "Limit": -1})"),
            "2 validation errors detected: Value '' at 'shardIterator' failed to satisfy "
            "constraint: Member must have length greater than or equal to 1; Value '-1' at "
            "'limit' failed to satisfy constraint: Member must have value greater than or equal "
            "to 1");
  // Lengths count UTF-16 units: "é" is one, as the service's Java validator counts.
  EXPECT_EQ(Check("GetRecords", R"({"ShardIterator": "é"})"), "OK");
}

}  // namespace
}  // namespace stator::api
