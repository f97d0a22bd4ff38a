#include "api/codec_streams_client.h"

#include <gtest/gtest.h>

#include "api/codec_streams.h"
#include "tests/api/client_codec_util.h"

namespace stator::api {
namespace {

using testing::ExpectRequestRoundTrip;
using testing::ExpectResponseRoundTrip;
using testing::N;
using testing::S;

constexpr char kStreamArn[] =
    "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2026-12-06T02:40:39.123";

TEST(CodecStreamsClientTest, Requests) {
  ExpectRequestRoundTrip(ListStreamsRequest{}, EncodeListStreamsRequest, DecodeListStreams);
  ExpectRequestRoundTrip(ListStreamsRequest{"t", 5, kStreamArn}, EncodeListStreamsRequest,
                         DecodeListStreams);
  ExpectRequestRoundTrip(DescribeStreamRequest{kStreamArn, std::nullopt, std::nullopt},
                         EncodeDescribeStreamRequest, DecodeDescribeStream);
  ExpectRequestRoundTrip(DescribeStreamRequest{kStreamArn, 10, "shardId-0001"},
                         EncodeDescribeStreamRequest, DecodeDescribeStream);
  for (ShardIteratorType type :
       {ShardIteratorType::kTrimHorizon, ShardIteratorType::kLatest,
        ShardIteratorType::kAtSequenceNumber, ShardIteratorType::kAfterSequenceNumber}) {
    ExpectRequestRoundTrip(
        GetShardIteratorRequest{kStreamArn, "shardId-0001", type, "000000000000000000042"},
        EncodeGetShardIteratorRequest, DecodeGetShardIterator);
  }
  ExpectRequestRoundTrip(
      GetShardIteratorRequest{kStreamArn, "shardId-0001", ShardIteratorType::kLatest, std::nullopt},
      EncodeGetShardIteratorRequest, DecodeGetShardIterator);
  ExpectRequestRoundTrip(GetRecordsRequest{"iterator", 100}, EncodeGetRecordsRequest,
                         DecodeGetRecords);
  ExpectRequestRoundTrip(GetRecordsRequest{"iterator", std::nullopt}, EncodeGetRecordsRequest,
                         DecodeGetRecords);
}

TEST(CodecStreamsClientTest, StreamAnswers) {
  ExpectResponseRoundTrip(ListStreamsResponse{}, EncodeListStreamsResponse,
                          DecodeListStreamsResponse);
  ExpectResponseRoundTrip(
      ListStreamsResponse{{{kStreamArn, "t", "2026-12-06T02:40:39.123"}}, kStreamArn},
      EncodeListStreamsResponse, DecodeListStreamsResponse);

  DescribeStreamResponse d;
  d.stream_description = {kStreamArn,
                          "2026-12-06T02:40:39.123",
                          StreamStatus::kDisabling,
                          StreamViewType::kOldImage,
                          1765000000.123,
                          "t",
                          {{"pk", KeyType::kHash}, {"sk", KeyType::kRange}},
                          {},
                          std::nullopt};
  ExpectResponseRoundTrip(d, EncodeDescribeStreamResponse, DecodeDescribeStreamResponse);
  d.stream_description.shards = {
      {"shardId-0001", {"000000000000000000001", "000000000000000000009"}, std::nullopt},
      {"shardId-0002", {"000000000000000000010", std::nullopt}, "shardId-0001"}};
  d.stream_description.last_evaluated_shard_id = "shardId-0002";
  ExpectResponseRoundTrip(d, EncodeDescribeStreamResponse, DecodeDescribeStreamResponse);

  ExpectResponseRoundTrip(GetShardIteratorResponse{"opaque/iterator+=="},
                          EncodeGetShardIteratorResponse, DecodeGetShardIteratorResponse);
}

Record MakeRecord(StreamEventName name, std::optional<Item> new_image,
                  std::optional<Item> old_image, std::string sequence) {
  Record r;
  r.event_id = "id-" + sequence;
  r.event_name = name;
  r.aws_region = "us-east-1";
  r.dynamodb.approximate_creation_date_time = 1765000000;
  r.dynamodb.keys = {{"pk", S("a")}, {"sk", N("1")}};
  r.dynamodb.new_image = std::move(new_image);
  r.dynamodb.old_image = std::move(old_image);
  r.dynamodb.sequence_number = std::move(sequence);
  r.dynamodb.size_bytes = 42;
  r.dynamodb.stream_view_type = StreamViewType::kNewAndOldImages;
  return r;
}

TEST(CodecStreamsClientTest, RecordsAnswers) {
  const Item v1 = {{"pk", S("a")}, {"sk", N("1")}, {"v", N("1")}};
  const Item v2 = {{"pk", S("a")}, {"sk", N("1")}, {"v", N("2")}, {"tags", S("x")}};
  GetRecordsResponse r;
  r.records = {MakeRecord(StreamEventName::kInsert, v1, std::nullopt, "000000000000000000001"),
               MakeRecord(StreamEventName::kModify, v2, v1, "000000000000000000002"),
               MakeRecord(StreamEventName::kRemove, std::nullopt, v2, "000000000000000000003")};
  r.records[2].user_identity = StreamIdentity{"dynamodb.amazonaws.com", "Service"};
  r.next_shard_iterator = "next";
  ExpectResponseRoundTrip(r, EncodeGetRecordsResponse, DecodeGetRecordsResponse);

  GetRecordsResponse decoded;
  ASSERT_TRUE(DecodeGetRecordsResponse(EncodeGetRecordsResponse(r), &decoded).ok());
  ASSERT_EQ(decoded.records.size(), 3u);
  EXPECT_EQ(decoded.records[1].event_name, StreamEventName::kModify);
  EXPECT_EQ(decoded.records[1].dynamodb.old_image, v1);
  EXPECT_EQ(decoded.records[1].dynamodb.new_image, v2);
  EXPECT_FALSE(decoded.records[2].dynamodb.new_image.has_value());
  ASSERT_TRUE(decoded.records[2].user_identity.has_value());
  EXPECT_EQ(decoded.records[2].user_identity->principal_id, "dynamodb.amazonaws.com");

  // A closed shard read to its end: no NextShardIterator, told apart from an empty one.
  GetRecordsResponse end;
  ExpectResponseRoundTrip(end, EncodeGetRecordsResponse, DecodeGetRecordsResponse);
  GetRecordsResponse end_decoded;
  ASSERT_TRUE(DecodeGetRecordsResponse(EncodeGetRecordsResponse(end), &end_decoded).ok());
  EXPECT_FALSE(end_decoded.next_shard_iterator.has_value());
}

TEST(CodecStreamsClientTest, MalformedAnswersAreIOErrors) {
  GetRecordsResponse r;
  Status s = DecodeGetRecordsResponse(
      R"({"Records":[{"eventName":"UPSERT","dynamodb":{}}],"NextShardIterator":"n"})", &r);
  EXPECT_EQ(s.code(), ErrorCode::kIOError);
  EXPECT_NE(s.message().find("eventName"), std::string::npos) << s.message();
  DescribeStreamResponse d;
  EXPECT_EQ(DecodeDescribeStreamResponse("not json", &d).code(), ErrorCode::kIOError);
}

}  // namespace
}  // namespace stator::api
