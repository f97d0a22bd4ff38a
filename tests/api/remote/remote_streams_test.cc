// The DynamoDB Streams API through the remote Database against the real server (its own target
// prefix, the same endpoint): each typed result, encoded again with the server's own encoder, is
// the server's answer to the same request sent directly, and the records are the table's changes.
#include <gtest/gtest.h>

#include <string>

#include "api/codec_streams.h"
#include "api/codec_streams_client.h"
#include "tests/api/remote/remote_server.h"

namespace stator::remote {
namespace {

using RemoteStreamsTest = RemoteServerTest;

TEST_F(RemoteStreamsTest, ListDescribeIterateAndReadRecords) {
  CreateTableRequest create = OrdersTable("feed");
  create.stream_specification = StreamSpecification{true, StreamViewType::kNewAndOldImages};
  auto created = remote_->CreateTable(call_, create);
  ASSERT_TRUE(created.ok()) << created.status().message();
  ASSERT_TRUE(created->table.latest_stream_arn.has_value());
  const std::string stream_arn = *created->table.latest_stream_arn;

  const Item key = {{"pk", S("k")}, {"sk", N("1")}};
  PutItemRequest put;
  put.table_name = "feed";
  put.item = {{"pk", S("k")}, {"sk", N("1")}, {"v", N("1")}};
  ASSERT_TRUE(remote_->PutItem(call_, put).ok());
  put.item["v"] = N("2");
  ASSERT_TRUE(remote_->PutItem(call_, put).ok());
  ASSERT_TRUE(remote_->DeleteItem(call_, {{}, "feed", key}).ok());

  ListStreamsRequest list;
  list.table_name = "feed";
  auto listed = remote_->ListStreams(call_, list);
  ASSERT_TRUE(listed.ok()) << listed.status().message();
  auto held = Raw("ListStreams", api::EncodeListStreamsRequest(list), api::kStreamsTargetPrefix);
  ASSERT_TRUE(held.ok()) << held.status().message();
  EXPECT_EQ(api::EncodeListStreamsResponse(*listed), *held);
  ASSERT_EQ(listed->streams.size(), 1u);
  EXPECT_EQ(listed->streams[0].stream_arn, stream_arn);
  EXPECT_EQ(listed->streams[0].table_name, "feed");

  DescribeStreamRequest describe;
  describe.stream_arn = stream_arn;
  auto described = remote_->DescribeStream(call_, describe);
  ASSERT_TRUE(described.ok()) << described.status().message();
  held =
      Raw("DescribeStream", api::EncodeDescribeStreamRequest(describe), api::kStreamsTargetPrefix);
  ASSERT_TRUE(held.ok()) << held.status().message();
  EXPECT_EQ(api::EncodeDescribeStreamResponse(*described), *held);
  const StreamDescription& d = described->stream_description;
  EXPECT_EQ(d.stream_status, StreamStatus::kEnabled);
  EXPECT_EQ(d.stream_view_type, StreamViewType::kNewAndOldImages);
  EXPECT_EQ(d.key_schema.size(), 2u);
  ASSERT_FALSE(d.shards.empty());

  GetShardIteratorRequest at_start;
  at_start.stream_arn = stream_arn;
  at_start.shard_id = d.shards[0].shard_id;
  at_start.shard_iterator_type = ShardIteratorType::kTrimHorizon;
  auto iterator = remote_->GetShardIterator(call_, at_start);
  ASSERT_TRUE(iterator.ok()) << iterator.status().message();
  ASSERT_FALSE(iterator->shard_iterator.empty());

  GetRecordsRequest read{iterator->shard_iterator, std::nullopt};
  auto records = remote_->GetRecords(call_, read);
  ASSERT_TRUE(records.ok()) << records.status().message();
  // An iterator may be read again while it lives: the server's own answer to it has the same
  // records (the next iterator it hands out is a new one each time).
  held = Raw("GetRecords", api::EncodeGetRecordsRequest(read), api::kStreamsTargetPrefix);
  ASSERT_TRUE(held.ok()) << held.status().message();
  GetRecordsResponse same_records = *records;
  same_records.next_shard_iterator.reset();
  const std::string records_json = api::EncodeGetRecordsResponse(same_records);
  ASSERT_EQ(records_json.back(), '}');
  EXPECT_EQ(held->rfind(records_json.substr(0, records_json.size() - 1), 0), 0u) << *held << "\n"
                                                                                 << records_json;
  ASSERT_TRUE(records->next_shard_iterator.has_value()) << "the shard is open";
  EXPECT_NE(held->find(R"("NextShardIterator":")"), std::string::npos);

  ASSERT_EQ(records->records.size(), 3u);
  const Item v1 = {{"pk", S("k")}, {"sk", N("1")}, {"v", N("1")}};
  const Item v2 = {{"pk", S("k")}, {"sk", N("1")}, {"v", N("2")}};
  const std::vector<Record>& r = records->records;
  EXPECT_EQ(r[0].event_name, StreamEventName::kInsert);
  EXPECT_EQ(r[0].dynamodb.new_image, v1);
  EXPECT_FALSE(r[0].dynamodb.old_image.has_value());
  EXPECT_EQ(r[1].event_name, StreamEventName::kModify);
  EXPECT_EQ(r[1].dynamodb.old_image, v1);
  EXPECT_EQ(r[1].dynamodb.new_image, v2);
  EXPECT_EQ(r[2].event_name, StreamEventName::kRemove);
  EXPECT_EQ(r[2].dynamodb.old_image, v2);
  EXPECT_FALSE(r[2].dynamodb.new_image.has_value());
  for (size_t i = 0; i < r.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(r[i].dynamodb.keys, key);
    EXPECT_EQ(r[i].dynamodb.stream_view_type, StreamViewType::kNewAndOldImages);
    EXPECT_EQ(r[i].event_source, "aws:dynamodb");
    EXPECT_GT(r[i].dynamodb.size_bytes, 0);
    EXPECT_EQ(r[i].dynamodb.sequence_number.size(), 21u);
    if (i > 0) {
      EXPECT_LT(r[i - 1].dynamodb.sequence_number, r[i].dynamodb.sequence_number);
    }
  }

  // From the second record on: what a consumer resuming after the first one reads.
  GetShardIteratorRequest after_first = at_start;
  after_first.shard_iterator_type = ShardIteratorType::kAfterSequenceNumber;
  after_first.sequence_number = r[0].dynamodb.sequence_number;
  auto resumed_iterator = remote_->GetShardIterator(call_, after_first);
  ASSERT_TRUE(resumed_iterator.ok()) << resumed_iterator.status().message();
  auto resumed = remote_->GetRecords(call_, {resumed_iterator->shard_iterator, 1});
  ASSERT_TRUE(resumed.ok()) << resumed.status().message();
  ASSERT_EQ(resumed->records.size(), 1u);
  EXPECT_EQ(resumed->records[0].dynamodb.sequence_number, r[1].dynamodb.sequence_number);

  ASSERT_TRUE(remote_->DeleteTable(call_, {"feed"}).ok());
}

// The Streams API's errors come back as for the other operations.
TEST_F(RemoteStreamsTest, ErrorsAreTheServers) {
  DescribeStreamRequest missing;
  missing.stream_arn =
      "arn:aws:dynamodb:us-east-1:000000000000:table/none/stream/2026-01-01T00:00:00.000";
  Status s = remote_->DescribeStream(call_, missing).status();
  EXPECT_EQ(s.code(), ErrorCode::kResourceNotFound) << s.message();
  Status direct =
      Raw("DescribeStream", api::EncodeDescribeStreamRequest(missing), api::kStreamsTargetPrefix)
          .status();
  EXPECT_EQ(s.code(), direct.code());
  EXPECT_EQ(s.message(), direct.message());

  Status bad_iterator = remote_->GetRecords(call_, {"not-an-iterator", std::nullopt}).status();
  EXPECT_FALSE(bad_iterator.ok());
  EXPECT_NE(bad_iterator.code(), ErrorCode::kIOError) << bad_iterator.message();
}

}  // namespace
}  // namespace stator::remote
