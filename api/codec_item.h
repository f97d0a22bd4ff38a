// Codec of the single-item operations: PutItem, GetItem, DeleteItem, UpdateItem.
//
// Legacy and expression parameters (Expected, ConditionalOperator, AttributeUpdates,
// AttributesToGet next to ConditionExpression, UpdateExpression, ProjectionExpression) are carried
// into the request as given; the engine decides which combinations are valid.
//
// Thread safety: pure functions.
#pragma once

#include <simdjson.h>

#include <string>

#include "api/json_writer.h"
#include "stator/requests.h"
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

void EncodeConsumedCapacity(const ConsumedCapacity& c, JsonWriter* w);

}  // namespace stator::api
