#include "api/codec_stream_record.h"

#include <gtest/gtest.h>

namespace stator::api {
namespace {

// A TTL deletion: the one kind of record that carries a userIdentity.
Record Expiry() {
  Record r;
  r.event_id = "e2";
  r.event_name = StreamEventName::kRemove;
  r.aws_region = "us-east-1";
  r.dynamodb.approximate_creation_date_time = 1765000060;
  r.dynamodb.keys = {{"pk", AttributeValue::S("a")}};
  r.dynamodb.old_image = Item{{"pk", AttributeValue::S("a")}};
  r.dynamodb.sequence_number = "100000000000000000002";
  r.dynamodb.size_bytes = 8;
  r.dynamodb.stream_view_type = StreamViewType::kOldImage;
  r.user_identity = StreamIdentity{"dynamodb.amazonaws.com", "Service"};
  return r;
}

constexpr std::string_view kCommon =
    R"({"eventID":"e2","eventName":"REMOVE","eventVersion":"1.1",)"
    R"("eventSource":"aws:dynamodb","awsRegion":"us-east-1","dynamodb":{)"
    R"("ApproximateCreationDateTime":1765000060,"Keys":{"pk":{"S":"a"}},)"
    R"("OldImage":{"pk":{"S":"a"}},)"
    R"("SequenceNumber":"100000000000000000002","SizeBytes":8,)"
    R"("StreamViewType":"OLD_IMAGE"},)";

TEST(CodecStreamRecord, GetRecordsSpellsTheIdentityInPascalCase) {
  JsonWriter w;
  EncodeRecord(Expiry(), &w);
  EXPECT_EQ(w.str(),
            std::string(kCommon) +
                R"("userIdentity":{"PrincipalId":"dynamodb.amazonaws.com","Type":"Service"}})");
}

TEST(CodecStreamRecord, LambdaSpellsTheIdentityInCamelCaseAndAddsTheSourceArn) {
  JsonWriter w;
  EncodeLambdaRecord(Expiry(), "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/x", &w);
  EXPECT_EQ(w.str(),
            std::string(kCommon) +
                R"("userIdentity":{"type":"Service","principalId":"dynamodb.amazonaws.com"},)"
                R"("eventSourceARN":"arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/x"})");

  Record plain = Expiry();
  plain.user_identity.reset();
  JsonWriter w2;
  EncodeLambdaRecord(plain, "arn:s", &w2);
  EXPECT_EQ(w2.str(), std::string(kCommon) + R"("eventSourceARN":"arn:s"})");
}

}  // namespace
}  // namespace stator::api
