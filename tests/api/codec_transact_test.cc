#include "api/codec_transact.h"

#include <gtest/gtest.h>

#include "api/errors.h"
#include "tests/api/test_util.h"

namespace stator::api {
namespace {

using testing::ParseObject;

TEST(CodecTransact, DecodesEveryActionKind) {
  TransactWriteItemsRequest req;
  Status st = DecodeTransactWriteItems(ParseObject(R"json({
    "TransactItems": [
      {"ConditionCheck": {"TableName": "t", "Key": {"id": {"S": "a"}},
                          "ConditionExpression": "attribute_exists(id)",
                          "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
      {"Put": {"TableName": "t", "Item": {"id": {"S": "b"}}}},
      {"Delete": {"TableName": "u", "Key": {"id": {"S": "c"}}}},
      {"Update": {"TableName": "t", "Key": {"id": {"S": "d"}}, "UpdateExpression": "SET x = :v",
                  "ExpressionAttributeValues": {":v": {"N": "1"}}}}],
    "ClientRequestToken": "tok", "ReturnConsumedCapacity": "TOTAL"
  })json"),
                                       &req);
  ASSERT_TRUE(st.ok()) << st.message();
  ASSERT_EQ(req.transact_items.size(), 4u);
  const auto& check = std::get<ConditionCheck>(req.transact_items[0]);
  EXPECT_EQ(check.condition_expression, "attribute_exists(id)");
  EXPECT_TRUE(check.return_old_item_on_condition_check_failure);
  EXPECT_EQ(std::get<PutItemRequest>(req.transact_items[1]).item.at("id"), AttributeValue::S("b"));
  EXPECT_EQ(std::get<DeleteItemRequest>(req.transact_items[2]).table_name, "u");
  const auto& update = std::get<UpdateItemRequest>(req.transact_items[3]);
  EXPECT_EQ(update.update_expression, "SET x = :v");
  EXPECT_EQ(update.expression_attribute_values.at(":v"), AttributeValue::N("1"));
  EXPECT_EQ(req.client_request_token, "tok");
  EXPECT_EQ(req.return_consumed_capacity, ReturnConsumedCapacity::kTotal);
}

TEST(CodecTransact, TransactItemsIsRequired) {
  TransactGetItemsRequest req;
  Status st = DecodeTransactGetItems(ParseObject("{}"), &req);
  EXPECT_EQ(st.code(), ErrorCode::kValidation);
  EXPECT_EQ(st.message(),
            "1 validation error detected: Value null at 'transactItems' failed to satisfy "
            "constraint: Member must not be null");
}

TEST(CodecTransact, EncodesGetResponsesInOrder) {
  TransactGetItemsResponse r;
  r.responses.push_back(Item{{"id", AttributeValue::S("a")}});
  r.responses.emplace_back();
  EXPECT_EQ(EncodeTransactGetItemsResponse(r),
            R"({"Responses":[{"Item":{"id":{"S":"a"}}},{}]})");
}

TEST(CodecTransact, CancellationReasonsInTheErrorBody) {
  auto detail = std::make_shared<ErrorDetail>();
  detail->cancellation_reasons.push_back({"None", std::nullopt, std::nullopt});
  detail->cancellation_reasons.push_back(
      {"ConditionalCheckFailed", "The conditional request failed",
       Item{{"id", AttributeValue::S("a")}}});
  Status st(ErrorCode::kTransactionCanceled, "Transaction cancelled", detail);
  EXPECT_EQ(ErrorBody(st),
            R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",)"
            R"("message":"Transaction cancelled","CancellationReasons":[{"Code":"None"},)"
            R"({"Item":{"id":{"S":"a"}},"Code":"ConditionalCheckFailed",)"
            R"("Message":"The conditional request failed"}]})");
}

}  // namespace
}  // namespace stator::api
