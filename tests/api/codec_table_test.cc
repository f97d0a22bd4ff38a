#include "api/codec_table.h"

#include <gtest/gtest.h>

#include "tests/api/test_util.h"

namespace stator::api {
namespace {

using testing::ParseObject;

TEST(CodecTable, DecodesAFullCreateTable) {
  CreateTableRequest req;
  Status st = DecodeCreateTable(ParseObject(R"({
    "TableName": "t",
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                             {"AttributeName": "sk", "AttributeType": "N"}],
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                  {"AttributeName": "sk", "KeyType": "RANGE"}],
    "GlobalSecondaryIndexes": [{"IndexName": "g", "KeySchema": [{"AttributeName": "sk",
        "KeyType": "HASH"}], "Projection": {"ProjectionType": "INCLUDE",
        "NonKeyAttributes": ["x"]}, "ProvisionedThroughput": {"ReadCapacityUnits": 1,
        "WriteCapacityUnits": 2}}],
    "BillingMode": "PROVISIONED",
    "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 6},
    "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_IMAGE"},
    "SSESpecification": {"Enabled": true, "SSEType": "KMS"},
    "Tags": [{"Key": "k", "Value": "v"}],
    "TableClass": "STANDARD_INFREQUENT_ACCESS",
    "DeletionProtectionEnabled": true,
    "Unknown": {"ignored": 1}
  })"),
                                &req);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(req.table_name, "t");
  ASSERT_EQ(req.attribute_definitions.size(), 2u);
  EXPECT_EQ(req.attribute_definitions[1].attribute_type, ScalarType::kN);
  ASSERT_EQ(req.key_schema.size(), 2u);
  EXPECT_EQ(req.key_schema[1].key_type, KeyType::kRange);
  ASSERT_EQ(req.global_secondary_indexes.size(), 1u);
  EXPECT_EQ(req.global_secondary_indexes[0].projection.projection_type, ProjectionType::kInclude);
  EXPECT_EQ(req.global_secondary_indexes[0].projection.non_key_attributes,
            std::vector<std::string>{"x"});
  EXPECT_EQ(req.global_secondary_indexes[0].provisioned_throughput->write_capacity_units, 2);
  EXPECT_EQ(req.billing_mode, BillingMode::kProvisioned);
  EXPECT_EQ(req.provisioned_throughput->read_capacity_units, 5);
  EXPECT_EQ(req.stream_specification->stream_view_type, StreamViewType::kNewImage);
  EXPECT_EQ(req.sse_specification->sse_type, "KMS");
  ASSERT_EQ(req.tags.size(), 1u);
  EXPECT_EQ(req.tags[0].value, "v");
  EXPECT_EQ(req.table_class, TableClass::kStandardInfrequentAccess);
  EXPECT_EQ(req.deletion_protection_enabled, true);
  EXPECT_FALSE(req.resource_policy.has_value());
}

TEST(CodecTable, CreateTableMissingMembers) {
  CreateTableRequest req;
  Status st = DecodeCreateTable(ParseObject("{}"), &req);
  EXPECT_EQ(st.code(), ErrorCode::kValidation);
  EXPECT_EQ(st.message(),
            "3 validation errors detected: "
            "Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not "
            "be null; Value null at 'tableName' failed to satisfy constraint: Member must not be "
            "null; Value null at 'keySchema' failed to satisfy constraint: Member must not be "
            "null");
}

TEST(CodecTable, CreateTableBadEnumsAndNestedNulls) {
  CreateTableRequest req;
  Status st = DecodeCreateTable(ParseObject(R"({"TableName": "t",
      "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "X"}],
      "KeySchema": [{"KeyType": "SORT"}], "BillingMode": "X",
      "ProvisionedThroughput": {"ReadCapacityUnits": 1}})"),
                                &req);
  EXPECT_EQ(st.message(),
            "5 validation errors detected: "
            "Value 'X' at 'attributeDefinitions.1.member.attributeType' failed to satisfy "
            "constraint: Member must satisfy enum value set: [B, N, S]; "
            "Value null at 'keySchema.1.member.attributeName' failed to satisfy constraint: "
            "Member must not be null; "
            "Value 'SORT' at 'keySchema.1.member.keyType' failed to satisfy constraint: Member "
            "must satisfy enum value set: [HASH, RANGE]; "
            "Value 'X' at 'billingMode' failed to satisfy constraint: Member must satisfy enum "
            "value set: [PROVISIONED, PAY_PER_REQUEST]; "
            "Value null at 'provisionedThroughput.writeCapacityUnits' failed to satisfy "
            "constraint: Member must not be null");
}

TEST(CodecTable, CreateTableMistypedMembers) {
  CreateTableRequest req;
  Status st = DecodeCreateTable(ParseObject(R"({"TableName": "t", "KeySchema": {}})"), &req);
  EXPECT_EQ(st.code(), ErrorCode::kSerialization);
  EXPECT_EQ(st.message(), "Start of structure or map found where not expected");

  CreateTableRequest req2;
  st = DecodeCreateTable(ParseObject(R"({"ProvisionedThroughput": {"ReadCapacityUnits": "5"}})"),
                         &req2);
  EXPECT_EQ(st.message(), "STRING_VALUE cannot be converted to Long");
}

TEST(CodecTable, SimpleRequests) {
  DescribeTableRequest d;
  EXPECT_TRUE(DecodeDescribeTable(ParseObject(R"({"TableName":"x"})"), &d).ok());
  EXPECT_EQ(d.table_name, "x");
  DeleteTableRequest del;
  Status st = DecodeDeleteTable(ParseObject(R"({"TableName":5})"), &del);
  EXPECT_EQ(st.message(), "NUMBER_VALUE cannot be converted to String");

  ListTablesRequest l;
  EXPECT_TRUE(
      DecodeListTables(ParseObject(R"({"Limit": 3, "ExclusiveStartTableName": "a"})"), &l).ok());
  EXPECT_EQ(l.limit, 3);
  EXPECT_EQ(l.exclusive_start_table_name, "a");
  ListTablesRequest empty;
  EXPECT_TRUE(DecodeListTables(ParseObject("{}"), &empty).ok());
  EXPECT_FALSE(empty.limit.has_value());

  UpdateTableRequest u;
  EXPECT_TRUE(DecodeUpdateTable(ParseObject(R"({"TableName": "t", "BillingMode":
      "PAY_PER_REQUEST", "GlobalSecondaryIndexUpdates": []})"),
                                &u)
                  .ok());
  EXPECT_EQ(u.billing_mode, BillingMode::kPayPerRequest);
  EXPECT_TRUE(u.has_global_secondary_index_updates);
  EXPECT_FALSE(u.provisioned_throughput.has_value());
}

TEST(CodecTable, EncodesTableDescriptionShape) {
  TableResponse r;
  TableDescription& t = r.table;
  t.table_name = "t";
  t.table_arn = "arn:aws:dynamodb:ddblocal:000000000000:table/t";
  t.table_id = "id-1";
  t.creation_date_time = 1700000000.5;
  t.attribute_definitions = {{"pk", ScalarType::kS}};
  t.key_schema = {{"pk", KeyType::kHash}};
  t.item_count = 2;
  t.table_size_bytes = 30;
  t.billing_mode = BillingMode::kPayPerRequest;
  t.last_update_to_pay_per_request_date_time = 1700000000;
  t.provisioned_throughput.last_increase_date_time = 1700000001;
  EXPECT_EQ(EncodeDescribeTableResponse(r),
            R"({"Table":{"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],)"
            R"("TableName":"t","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],)"
            R"("TableStatus":"ACTIVE","CreationDateTime":1700000000.5,)"
            R"("ProvisionedThroughput":{"LastIncreaseDateTime":1700000001,)"
            R"("NumberOfDecreasesToday":0,"ReadCapacityUnits":0,"WriteCapacityUnits":0},)"
            R"("TableSizeBytes":30,"ItemCount":2,)"
            R"("TableArn":"arn:aws:dynamodb:ddblocal:000000000000:table/t","TableId":"id-1",)"
            R"("BillingModeSummary":{"BillingMode":"PAY_PER_REQUEST",)"
            R"("LastUpdateToPayPerRequestDateTime":1700000000},)"
            R"("DeletionProtectionEnabled":false}})");

  t.table_class_reported = true;
  t.sse_description = SSEDescription{"ENABLED", "KMS", "arn:key"};
  t.stream_specification = StreamSpecification{true, StreamViewType::kKeysOnly};
  const std::string json = EncodeTableDescriptionResponse(r);
  EXPECT_EQ(json.rfind(R"({"TableDescription":{)", 0), 0u);
  EXPECT_NE(json.find(R"("TableClassSummary":{"TableClass":"STANDARD"})"), std::string::npos);
  EXPECT_NE(json.find(R"("SSEDescription":{"Status":"ENABLED","SSEType":"KMS",)"
                      R"("KMSMasterKeyArn":"arn:key"})"),
            std::string::npos);
  EXPECT_NE(json.find(R"("StreamSpecification":{"StreamEnabled":true,)"
                      R"("StreamViewType":"KEYS_ONLY"})"),
            std::string::npos);
  EXPECT_EQ(json.find("LatestStream"), std::string::npos);
}

TEST(CodecTable, EncodesTheLatestStreamAfterItsSpecification) {
  TableResponse r;
  r.table.stream_specification = StreamSpecification{true, StreamViewType::kNewAndOldImages};
  r.table.latest_stream_label = "2026-12-06T02:40:39.123";
  r.table.latest_stream_arn =
      "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2026-12-06T02:40:39.123";
  const std::string spec_and_stream =
      R"("StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_AND_OLD_IMAGES"},)"
      R"("LatestStreamLabel":"2026-12-06T02:40:39.123",)"
      R"("LatestStreamArn":"arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/)"
      R"(2026-12-06T02:40:39.123",)";
  for (const std::string& json :
       {EncodeDescribeTableResponse(r), EncodeTableDescriptionResponse(r)}) {
    EXPECT_NE(json.find(spec_and_stream), std::string::npos) << json;
  }

  // A disabled stream stays the table's latest one.
  r.table.stream_specification.reset();
  const std::string json = EncodeDescribeTableResponse(r);
  EXPECT_EQ(json.find("StreamSpecification"), std::string::npos);
  EXPECT_NE(json.find(R"("LatestStreamLabel":"2026-12-06T02:40:39.123","LatestStreamArn":)"),
            std::string::npos);
}

// The service requires StreamEnabled and nothing else; a view type outside the enum is refused
// with the set in the service's order.
TEST(CodecTable, DecodesStreamSpecifications) {
  UpdateTableRequest off;
  ASSERT_TRUE(
      DecodeUpdateTable(
          ParseObject(R"({"TableName":"t","StreamSpecification":{"StreamEnabled":false}})"), &off)
          .ok());
  ASSERT_TRUE(off.stream_specification.has_value());
  EXPECT_FALSE(off.stream_specification->stream_enabled);
  EXPECT_FALSE(off.stream_specification->stream_view_type.has_value());

  UpdateTableRequest bad;
  EXPECT_EQ(DecodeUpdateTable(ParseObject(R"({"TableName":"t","StreamSpecification":
                                             {"StreamViewType":"Fisk"}})"),
                              &bad)
                .message(),
            "2 validation errors detected: Value null at 'streamSpecification.streamEnabled' "
            "failed to satisfy constraint: Member must not be null; Value 'Fisk' at "
            "'streamSpecification.streamViewType' failed to satisfy constraint: Member must "
            "satisfy enum value set: [OLD_IMAGE, KEYS_ONLY, NEW_AND_OLD_IMAGES, NEW_IMAGE]");

  UpdateTableRequest mistyped;
  EXPECT_EQ(DecodeUpdateTable(ParseObject(R"({"TableName":"t","StreamSpecification":
                                             {"StreamEnabled":"true"}})"),
                              &mistyped)
                .message(),
            "Unexpected token received from parser");
}

TEST(CodecTable, EncodesListTables) {
  ListTablesResponse r;
  EXPECT_EQ(EncodeListTablesResponse(r), R"({"TableNames":[]})");
  r.table_names = {"a", "b"};
  r.last_evaluated_table_name = "b";
  EXPECT_EQ(EncodeListTablesResponse(r),
            R"({"LastEvaluatedTableName":"b","TableNames":["a","b"]})");
}

}  // namespace
}  // namespace stator::api
