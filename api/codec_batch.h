// Codec of BatchGetItem and BatchWriteItem. RequestItems is a map from table name (or ARN) to
// that table's KeysAndAttributes or list of WriteRequests; limits and duplicates are the
// engine's to check.
//
// Thread safety: pure functions.
#pragma once

#include <simdjson.h>

#include <string>

#include "stator/requests.h"
#include "stator/status.h"

namespace stator::api {

Status DecodeBatchGetItem(simdjson::dom::object body, BatchGetItemRequest* out);
Status DecodeBatchWriteItem(simdjson::dom::object body, BatchWriteItemRequest* out);

// {"Responses":{table:[items]}, "UnprocessedKeys":{...}, "ConsumedCapacity":[...]}
std::string EncodeBatchGetItemResponse(const BatchGetItemResponse& r);
// {"UnprocessedItems":{...}, "ConsumedCapacity":[...], "ItemCollectionMetrics":{...}}
std::string EncodeBatchWriteItemResponse(const BatchWriteItemResponse& r);

}  // namespace stator::api
