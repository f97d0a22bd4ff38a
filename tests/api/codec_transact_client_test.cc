#include "api/codec_transact_client.h"

#include <gtest/gtest.h>

#include "api/codec_transact.h"
#include "tests/api/client_codec_util.h"

namespace stator::api {
namespace {

using testing::ExpectRequestRoundTrip;
using testing::ExpectResponseRoundTrip;
using testing::N;
using testing::S;

TEST(CodecTransactClientTest, TransactWriteItems) {
  TransactWriteItemsRequest r;
  ConditionCheck check;
  check.table_name = "t";
  check.key = {{"pk", S("c")}};
  check.condition_expression = "attribute_exists(pk)";
  check.return_old_item_on_condition_check_failure = true;
  PutItemRequest put;
  put.table_name = "t";
  put.item = {{"pk", S("p")}, {"v", N("1")}};
  put.condition_expression = "attribute_not_exists(pk)";
  DeleteItemRequest del;
  del.table_name = "t";
  del.key = {{"pk", S("d")}};
  UpdateItemRequest update;
  update.table_name = "t";
  update.key = {{"pk", S("u")}};
  update.update_expression = "SET #v = :v";
  update.expression_attribute_names = {{"#v", "v"}};
  update.expression_attribute_values = {{":v", N("2")}};
  r.transact_items = {check, put, del, update};
  r.client_request_token = "token-1";
  r.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  ExpectRequestRoundTrip(r, EncodeTransactWriteItemsRequest, DecodeTransactWriteItems);

  TransactWriteItemsResponse response;
  response.consumed_capacity = {ConsumedCapacity{"t", 8, std::nullopt, 8, std::nullopt, {}, {}}};
  ExpectResponseRoundTrip(response, EncodeTransactWriteItemsResponse,
                          DecodeTransactWriteItemsResponse);
}

TEST(CodecTransactClientTest, TransactGetItems) {
  TransactGetItemsRequest r;
  GetItemRequest g;
  g.table_name = "t";
  g.key = {{"pk", S("a")}};
  g.projection_expression = "#v";
  g.expression_attribute_names = {{"#v", "v"}};
  r.transact_items = {g, g};
  ExpectRequestRoundTrip(r, EncodeTransactGetItemsRequest, DecodeTransactGetItems);

  TransactGetItemsResponse response;
  response.responses = {Item{{"pk", S("a")}}, std::nullopt};
  ExpectResponseRoundTrip(response, EncodeTransactGetItemsResponse, DecodeTransactGetItemsResponse);
}

}  // namespace
}  // namespace stator::api
