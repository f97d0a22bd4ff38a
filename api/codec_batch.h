// Codec of BatchGetItem and BatchWriteItem. RequestItems is a map from table name (or ARN) to
// that table's KeysAndAttributes or list of WriteRequests; limits and duplicates are the
// engine's to check.
//
// Thread safety: pure functions.
#pragma once

#include <simdjson.h>

#include <string>

#include "api/json_writer.h"
#include "stator/requests.h"
#include "stator/status.h"

namespace stator::api {

Status DecodeBatchGetItem(simdjson::dom::object body, BatchGetItemRequest* out);
Status DecodeBatchWriteItem(simdjson::dom::object body, BatchWriteItemRequest* out);

// {"Responses":{table:[items]}, "UnprocessedKeys":{...}, "ConsumedCapacity":[...]}
std::string EncodeBatchGetItemResponse(const BatchGetItemResponse& r);

// One table's entry of RequestItems/UnprocessedKeys, and one WriteRequest (also written into
// requests by the client codec, codec_batch_client.h).
void EncodeKeysAndAttributes(const KeysAndAttributes& k, JsonWriter* w);
void EncodeWriteRequest(const WriteRequest& request, JsonWriter* w);
// {"UnprocessedItems":{...}, "ConsumedCapacity":[...], "ItemCollectionMetrics":{...}}
std::string EncodeBatchWriteItemResponse(const BatchWriteItemResponse& r);

}  // namespace stator::api
