#include "api/codec_streams.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <utility>

#include "tests/api/test_util.h"

namespace stator::api {
namespace {

using testing::ParseObject;

// Values within the bounds of their shapes. The bounds themselves are the shape check's
// (tests/api/shape_check_test.cc).
constexpr std::string_view kArn =
    "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2026-12-06T02:40:39.123";
constexpr std::string_view kShardId = "shardId-00000001765000000000-0000abcd";
constexpr std::string_view kSequenceNumber = "000000000000000000001";

std::string Field(std::string_view name, std::string_view value) {
  return "\"" + std::string(name) + "\":\"" + std::string(value) + "\"";
}

std::string Body(std::initializer_list<std::string> fields) {
  std::string body = "{";
  for (const std::string& f : fields) body += (body.size() > 1 ? "," : "") + f;
  return body + "}";
}

TEST(CodecStreams, DecodesListStreams) {
  ListStreamsRequest all;
  ASSERT_TRUE(DecodeListStreams(ParseObject("{}"), &all).ok());
  EXPECT_FALSE(all.table_name.has_value());
  EXPECT_FALSE(all.limit.has_value());
  EXPECT_FALSE(all.exclusive_start_stream_arn.has_value());

  ListStreamsRequest r;
  ASSERT_TRUE(
      DecodeListStreams(ParseObject(Body({Field("TableName", "my.table-1_x"), R"("Limit":100)",
                                          Field("ExclusiveStartStreamArn", kArn)})),
                        &r)
          .ok());
  EXPECT_EQ(r.table_name, "my.table-1_x");
  EXPECT_EQ(r.limit, 100);
  EXPECT_EQ(r.exclusive_start_stream_arn, kArn);

  // Null members are absent, as everywhere in the API.
  ListStreamsRequest nulls;
  ASSERT_TRUE(DecodeListStreams(ParseObject(R"({"TableName":null,"Limit":null})"), &nulls).ok());
  EXPECT_FALSE(nulls.table_name.has_value());
}

TEST(CodecStreams, MistypedMembersAreSerializationExceptions) {
  ListStreamsRequest l;
  Status st = DecodeListStreams(ParseObject(R"({"Limit":"5"})"), &l);
  EXPECT_EQ(st.code(), ErrorCode::kSerialization);
  EXPECT_EQ(st.message(), "STRING_VALUE cannot be converted to Integer");

  DescribeStreamRequest d;
  EXPECT_EQ(DecodeDescribeStream(ParseObject(R"({"StreamArn":["a"]})"), &d).message(),
            "Unrecognized collection type class java.lang.String");

  GetRecordsRequest g;
  EXPECT_EQ(DecodeGetRecords(ParseObject(R"({"Limit":0,"ShardIterator":{}})"), &g).message(),
            "Start of structure or map found where not expected");
}

TEST(CodecStreams, DecodesDescribeStream) {
  DescribeStreamRequest r;
  ASSERT_TRUE(DecodeDescribeStream(ParseObject(Body({Field("StreamArn", kArn), R"("Limit":1)",
                                                     Field("ExclusiveStartShardId", kShardId)})),
                                   &r)
                  .ok());
  EXPECT_EQ(r.stream_arn, kArn);
  EXPECT_EQ(r.limit, 1);
  EXPECT_EQ(r.exclusive_start_shard_id, kShardId);
}

TEST(CodecStreams, DecodesGetShardIterator) {
  const std::pair<std::string_view, ShardIteratorType> kTypes[] = {
      {"TRIM_HORIZON", ShardIteratorType::kTrimHorizon},
      {"LATEST", ShardIteratorType::kLatest},
      {"AT_SEQUENCE_NUMBER", ShardIteratorType::kAtSequenceNumber},
      {"AFTER_SEQUENCE_NUMBER", ShardIteratorType::kAfterSequenceNumber}};
  for (const auto& [name, type] : kTypes) {
    GetShardIteratorRequest r;
    ASSERT_TRUE(DecodeGetShardIterator(
                    ParseObject(Body({Field("StreamArn", kArn), Field("ShardId", kShardId),
                                      Field("ShardIteratorType", name),
                                      Field("SequenceNumber", kSequenceNumber)})),
                    &r)
                    .ok())
        << name;
    EXPECT_EQ(r.shard_iterator_type, type) << name;
    EXPECT_EQ(r.stream_arn, kArn);
    EXPECT_EQ(r.shard_id, kShardId);
    EXPECT_EQ(r.sequence_number, kSequenceNumber);
  }

  // Whether a SequenceNumber belongs with the type is the engine's to say.
  GetShardIteratorRequest without;
  ASSERT_TRUE(
      DecodeGetShardIterator(ParseObject(Body({Field("StreamArn", kArn), Field("ShardId", kShardId),
                                               Field("ShardIteratorType", "AT_SEQUENCE_NUMBER")})),
                             &without)
          .ok());
  EXPECT_FALSE(without.sequence_number.has_value());
}

TEST(CodecStreams, DecodesGetRecords) {
  GetRecordsRequest r;
  ASSERT_TRUE(DecodeGetRecords(ParseObject(R"({"ShardIterator":"i","Limit":1000})"), &r).ok());
  EXPECT_EQ(r.shard_iterator, "i");
  EXPECT_EQ(r.limit, 1000);

  // A member the model requires is reported missing with the decoder's other constraint errors.
  GetRecordsRequest missing;
  EXPECT_EQ(DecodeGetRecords(ParseObject("{}"), &missing).message(),
            "1 validation error detected: Value null at 'shardIterator' failed to satisfy "
            "constraint: Member must not be null");
}

TEST(CodecStreams, EncodesListStreams) {
  ListStreamsResponse none;
  EXPECT_EQ(EncodeListStreamsResponse(none), R"({"Streams":[]})");

  ListStreamsResponse r;
  r.streams = {{std::string(kArn), "t", "2026-12-06T02:40:39.123"}};
  r.last_evaluated_stream_arn = std::string(kArn);
  EXPECT_EQ(EncodeListStreamsResponse(r),
            R"({"Streams":[{"StreamArn":")" + std::string(kArn) +
                R"(","TableName":"t","StreamLabel":"2026-12-06T02:40:39.123"}],)"
                R"("LastEvaluatedStreamArn":")" +
                std::string(kArn) + R"("})");
}

TEST(CodecStreams, EncodesDescribeStream) {
  DescribeStreamResponse r;
  StreamDescription& d = r.stream_description;
  d.stream_arn = "arn";
  d.stream_label = "label";
  d.stream_status = StreamStatus::kEnabling;
  d.stream_view_type = StreamViewType::kNewAndOldImages;
  d.creation_request_date_time = 1765000000.123;
  d.table_name = "t";
  d.key_schema = {{"pk", KeyType::kHash}, {"sk", KeyType::kRange}};
  EXPECT_EQ(EncodeDescribeStreamResponse(r),
            R"({"StreamDescription":{"StreamArn":"arn","StreamLabel":"label",)"
            R"("StreamStatus":"ENABLING","StreamViewType":"NEW_AND_OLD_IMAGES",)"
            R"("CreationRequestDateTime":1765000000.123,"TableName":"t",)"
            R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},)"
            R"({"AttributeName":"sk","KeyType":"RANGE"}],"Shards":[]}})");

  d.stream_status = StreamStatus::kDisabled;
  d.key_schema.pop_back();
  d.shards = {{"shard-parent", {"100000000000000000001", "100000000000000000009"}, std::nullopt},
              {"shard-child", {"100000000000000000010", std::nullopt}, "shard-parent"}};
  d.last_evaluated_shard_id = "shard-child";
  EXPECT_EQ(EncodeDescribeStreamResponse(r),
            R"({"StreamDescription":{"StreamArn":"arn","StreamLabel":"label",)"
            R"("StreamStatus":"DISABLED","StreamViewType":"NEW_AND_OLD_IMAGES",)"
            R"("CreationRequestDateTime":1765000000.123,"TableName":"t",)"
            R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"Shards":[)"
            R"({"ShardId":"shard-parent","SequenceNumberRange":{)"
            R"("StartingSequenceNumber":"100000000000000000001",)"
            R"("EndingSequenceNumber":"100000000000000000009"}},)"
            R"({"ShardId":"shard-child","SequenceNumberRange":{)"
            R"("StartingSequenceNumber":"100000000000000000010"},"ParentShardId":"shard-parent"}],)"
            R"("LastEvaluatedShardId":"shard-child"}})");
}

TEST(CodecStreams, EncodesGetShardIterator) {
  EXPECT_EQ(EncodeGetShardIteratorResponse({"arn|1|AAAA"}), R"({"ShardIterator":"arn|1|AAAA"})");
}

TEST(CodecStreams, EncodesGetRecords) {
  GetRecordsResponse none;
  EXPECT_EQ(EncodeGetRecordsResponse(none), R"({"Records":[]})");

  GetRecordsResponse r;
  Record& insert = r.records.emplace_back();
  insert.event_id = "e1";
  insert.event_name = StreamEventName::kInsert;
  insert.aws_region = "us-east-1";
  insert.dynamodb.approximate_creation_date_time = 1765000000;
  insert.dynamodb.keys = {{"pk", AttributeValue::S("a")}};
  insert.dynamodb.new_image = Item{{"pk", AttributeValue::S("a")}, {"n", AttributeValue::N("1")}};
  insert.dynamodb.sequence_number = "100000000000000000001";
  insert.dynamodb.size_bytes = 12;
  insert.dynamodb.stream_view_type = StreamViewType::kNewAndOldImages;

  Record& expiry = r.records.emplace_back();
  expiry.event_id = "e2";
  expiry.event_name = StreamEventName::kRemove;
  expiry.aws_region = "us-east-1";
  expiry.dynamodb.approximate_creation_date_time = 1765000060;
  expiry.dynamodb.keys = {{"pk", AttributeValue::S("a")}};
  expiry.dynamodb.old_image = Item{{"pk", AttributeValue::S("a")}};
  expiry.dynamodb.sequence_number = "100000000000000000002";
  expiry.dynamodb.size_bytes = 8;
  expiry.dynamodb.stream_view_type = StreamViewType::kOldImage;
  expiry.user_identity = StreamIdentity{"dynamodb.amazonaws.com", "Service"};
  r.next_shard_iterator = "next";

  EXPECT_EQ(EncodeGetRecordsResponse(r),
            R"({"Records":[)"
            R"({"eventID":"e1","eventName":"INSERT","eventVersion":"1.1",)"
            R"("eventSource":"aws:dynamodb","awsRegion":"us-east-1","dynamodb":{)"
            R"("ApproximateCreationDateTime":1765000000,"Keys":{"pk":{"S":"a"}},)"
            R"("NewImage":{"n":{"N":"1"},"pk":{"S":"a"}},)"
            R"("SequenceNumber":"100000000000000000001","SizeBytes":12,)"
            R"("StreamViewType":"NEW_AND_OLD_IMAGES"}},)"
            R"({"eventID":"e2","eventName":"REMOVE","eventVersion":"1.1",)"
            R"("eventSource":"aws:dynamodb","awsRegion":"us-east-1","dynamodb":{)"
            R"("ApproximateCreationDateTime":1765000060,"Keys":{"pk":{"S":"a"}},)"
            R"("OldImage":{"pk":{"S":"a"}},)"
            R"("SequenceNumber":"100000000000000000002","SizeBytes":8,)"
            R"("StreamViewType":"OLD_IMAGE"},)"
            R"("userIdentity":{"PrincipalId":"dynamodb.amazonaws.com","Type":"Service"}}],)"
            R"("NextShardIterator":"next"})");
}

}  // namespace
}  // namespace stator::api
