#include "api/codec_batch_client.h"

#include <gtest/gtest.h>

#include "api/codec_batch.h"
#include "tests/api/client_codec_util.h"

namespace stator::api {
namespace {

using testing::ExpectRequestRoundTrip;
using testing::ExpectResponseRoundTrip;
using testing::N;
using testing::S;

KeysAndAttributes Keys() {
  KeysAndAttributes k;
  k.keys = {{{"pk", S("a")}}, {{"pk", S("b")}}};
  k.consistent_read = true;
  k.projection_expression = "#p, v";
  k.expression_attribute_names = {{"#p", "pk"}};
  return k;
}

TEST(CodecBatchClientTest, BatchGetItem) {
  BatchGetItemRequest r;
  r.request_items["t1"] = Keys();
  r.request_items["t2"].keys = {{{"id", N("1")}}};
  r.request_items["t2"].attributes_to_get = std::vector<std::string>{"id"};
  r.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  ExpectRequestRoundTrip(r, EncodeBatchGetItemRequest, DecodeBatchGetItem);

  BatchGetItemResponse response;
  response.responses["t1"] = {{{"pk", S("a")}, {"v", N("1")}}};
  response.responses["t2"] = {};
  response.unprocessed_keys["t1"] = Keys();
  response.consumed_capacity = {ConsumedCapacity{"t1", 1, 1, std::nullopt, std::nullopt, {}, {}}};
  ExpectResponseRoundTrip(response, EncodeBatchGetItemResponse, DecodeBatchGetItemResponse);
}

TEST(CodecBatchClientTest, BatchWriteItem) {
  BatchWriteItemRequest r;
  r.request_items["t"] = {WriteRequest{Item{{"pk", S("a")}, {"v", N("1")}}, std::nullopt},
                          WriteRequest{std::nullopt, Item{{"pk", S("b")}}}};
  r.return_consumed_capacity = ReturnConsumedCapacity::kIndexes;
  r.return_item_collection_metrics = ReturnItemCollectionMetrics::kSize;
  ExpectRequestRoundTrip(r, EncodeBatchWriteItemRequest, DecodeBatchWriteItem);

  BatchWriteItemResponse response;
  response.unprocessed_items["t"] = {WriteRequest{std::nullopt, Item{{"pk", S("b")}}}};
  response.item_collection_metrics["t"] = {ItemCollectionMetrics{{{"pk", S("a")}}, {0, 1}}};
  ExpectResponseRoundTrip(response, EncodeBatchWriteItemResponse, DecodeBatchWriteItemResponse);
}

}  // namespace
}  // namespace stator::api
