#include "api/stream_handlers/stream_event.h"

#include <gtest/gtest.h>

namespace stator::api {
namespace {

Record Insert(std::string id, std::string seq) {
  Record r;
  r.event_id = std::move(id);
  r.event_name = StreamEventName::kInsert;
  r.aws_region = "us-east-1";
  r.dynamodb.approximate_creation_date_time = 1765000000;
  r.dynamodb.keys = {{"pk", AttributeValue::S("a")}};
  r.dynamodb.new_image = Item{{"pk", AttributeValue::S("a")}, {"n", AttributeValue::N("5")}};
  r.dynamodb.sequence_number = std::move(seq);
  r.dynamodb.size_bytes = 12;
  r.dynamodb.stream_view_type = StreamViewType::kNewImage;
  return r;
}

TEST(StreamEvent, IsLambdasEventWithEachRecordCarryingItsSource) {
  StreamHandlerEvent e;
  e.event_source_arn = "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/label";
  e.shard_id = "shardId-1";
  e.records = {Insert("e1", "100000000000000000001"), Insert("e2", "100000000000000000002")};
  const std::string record =
      R"({"eventID":"%","eventName":"INSERT","eventVersion":"1.1","eventSource":"aws:dynamodb",)"
      R"("awsRegion":"us-east-1","dynamodb":{"ApproximateCreationDateTime":1765000000,)"
      R"("Keys":{"pk":{"S":"a"}},"NewImage":{"n":{"N":"5"},"pk":{"S":"a"}},)"
      R"("SequenceNumber":"10000000000000000000#","SizeBytes":12,"StreamViewType":"NEW_IMAGE"},)"
      R"("eventSourceARN":"arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/label"})";
  auto nth = [&](char n) {
    std::string s = record;
    s.replace(s.find('%'), 1, std::string("e") + n);
    s.replace(s.find('#'), 1, std::string(1, n));
    return s;
  };
  EXPECT_EQ(EncodeStreamEvent(e), R"({"Records":[)" + nth('1') + "," + nth('2') + "]}");
}

TEST(StreamEvent, AnEmptyBatchIsAnEmptyList) {
  EXPECT_EQ(EncodeStreamEvent(StreamHandlerEvent{}), R"({"Records":[]})");
}

// Lambda's DynamodbTimeWindowEvent: the window in whole UTC seconds, the state as it was
// returned, and the window's flags.
TEST(StreamEvent, ATumblingWindowAddsLambdasWindowFields) {
  StreamHandlerEvent e;
  e.event_source_arn = "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/label";
  e.shard_id = "shardId-1";
  e.window =
      TumblingWindow{1596128400'000'000, 1596128700'000'000, R"({"1":"state1"})", true, false};
  EXPECT_EQ(EncodeStreamEvent(e),
            R"({"Records":[],"window":{"start":"2020-07-30T17:00:00Z",)"
            R"("end":"2020-07-30T17:05:00Z"},"state":{"1":"state1"},"shardId":"shardId-1",)"
            R"("eventSourceARN":"arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/label",)"
            R"("isFinalInvokeForWindow":true,"isWindowTerminatedEarly":false})");
}

}  // namespace
}  // namespace stator::api
