// Codec of the single-item operations: PutItem, GetItem, DeleteItem, UpdateItem.
//
// Legacy and expression parameters (Expected, ConditionalOperator, AttributeUpdates,
// AttributesToGet next to ConditionExpression, UpdateExpression, ProjectionExpression) are carried
// into the request as given; the engine decides which combinations are valid.
//
// Thread safety: pure functions.
#pragma once

#include <simdjson.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/json_writer.h"
#include "stator/requests.h"
#include "stator/shared_item.h"
#include "stator/status.h"

namespace stator::api {

Status DecodePutItem(simdjson::dom::object body, PutItemRequest* out);
Status DecodeGetItem(simdjson::dom::object body, GetItemRequest* out);
Status DecodeDeleteItem(simdjson::dom::object body, DeleteItemRequest* out);
Status DecodeUpdateItem(simdjson::dom::object body, UpdateItemRequest* out);

// {"Attributes":..., "ConsumedCapacity":..., "ItemCollectionMetrics":...}, each only when set.
std::string EncodeWriteItemResponse(const WriteItemResponse& r);
// {"Item":..., "ConsumedCapacity":...}, each only when set; "{}" when the key matched nothing.
std::string EncodeGetItemResponse(const GetItemResponse& r);
// The same from shared data: the item's encoding is taken from r.encoded when filled, and put
// there when not, so later reads of the same cached item only copy bytes.
std::string EncodeSharedGetItemResponse(const SharedGetItemResponse& r);

void EncodeConsumedCapacity(const ConsumedCapacity& c, JsonWriter* w);
void EncodeItemCollectionMetrics(const ItemCollectionMetrics& m, JsonWriter* w);
// "ItemCollectionMetrics": {table: [...]} when there is any (BatchWriteItem, TransactWriteItems).
void EncodeItemCollectionMetricsPerTable(
    const std::map<std::string, std::vector<ItemCollectionMetrics>, std::less<>>& m,
    JsonWriter* w);
// "ConsumedCapacity": [...] when there is any (batches and transactions: one entry per table).
void EncodeConsumedCapacities(const std::vector<ConsumedCapacity>& c, JsonWriter* w);
// "ConsumedCapacity": {...} when set (single-item operations, Query, Scan).
void EncodeConsumedCapacities(const std::optional<ConsumedCapacity>& c, JsonWriter* w);

// Members shared with the batch and transaction codecs.
class StructReader;
void ReadReturnConsumedCapacity(StructReader& r, ReturnConsumedCapacity* out);
void ReadReturnItemCollectionMetrics(StructReader& r, ReturnItemCollectionMetrics* out);
// A transaction action's ConditionExpression, ExpressionAttributeNames/Values and
// ReturnValuesOnConditionCheckFailure.
void ReadTransactConditions(StructReader& r, WriteConditions* c);

}  // namespace stator::api
