#include "api/codec_batch.h"

#include <gtest/gtest.h>

#include "tests/api/test_util.h"

namespace stator::api {
namespace {

using testing::ParseObject;

TEST(CodecBatch, DecodesBatchGetItem) {
  BatchGetItemRequest req;
  Status st = DecodeBatchGetItem(ParseObject(R"json({
    "RequestItems": {"t": {"Keys": [{"id": {"S": "a"}}, {"id": {"S": "b"}}],
                           "ConsistentRead": true, "ProjectionExpression": "#n",
                           "ExpressionAttributeNames": {"#n": "name"}}},
    "ReturnConsumedCapacity": "INDEXES"
  })json"),
                                 &req);
  ASSERT_TRUE(st.ok()) << st.message();
  const KeysAndAttributes& t = req.request_items.at("t");
  EXPECT_EQ(t.keys.size(), 2u);
  EXPECT_TRUE(t.consistent_read);
  EXPECT_EQ(t.projection_expression, "#n");
  EXPECT_EQ(t.expression_attribute_names.at("#n"), "name");
  EXPECT_EQ(req.return_consumed_capacity, ReturnConsumedCapacity::kIndexes);
}

TEST(CodecBatch, DecodesBatchWriteItem) {
  BatchWriteItemRequest req;
  Status st = DecodeBatchWriteItem(ParseObject(R"json({
    "RequestItems": {"t": [{"PutRequest": {"Item": {"id": {"S": "a"}}}},
                           {"DeleteRequest": {"Key": {"id": {"S": "b"}}}}]}
  })json"),
                                   &req);
  ASSERT_TRUE(st.ok()) << st.message();
  const auto& t = req.request_items.at("t");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_TRUE(t[0].put_item);
  EXPECT_FALSE(t[0].delete_key);
  EXPECT_EQ(t[1].delete_key->at("id"), AttributeValue::S("b"));
}

TEST(CodecBatch, RequestItemsMustBeAMap) {
  BatchWriteItemRequest req;
  Status st = DecodeBatchWriteItem(ParseObject(R"({"RequestItems": 5})"), &req);
  EXPECT_EQ(st.code(), ErrorCode::kSerialization);
}

TEST(CodecBatch, EncodesResponsesAndUnprocessed) {
  BatchGetItemResponse r;
  r.responses["t"].push_back(Item{{"id", AttributeValue::S("a")}});
  r.unprocessed_keys["t"].keys.push_back(Item{{"id", AttributeValue::S("b")}});
  EXPECT_EQ(EncodeBatchGetItemResponse(r),
            R"({"Responses":{"t":[{"id":{"S":"a"}}]},)"
            R"("UnprocessedKeys":{"t":{"Keys":[{"id":{"S":"b"}}]}}})");
  EXPECT_EQ(EncodeBatchWriteItemResponse(BatchWriteItemResponse{}), R"({"UnprocessedItems":{}})");
}

}  // namespace
}  // namespace stator::api
