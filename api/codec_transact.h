// Codec of TransactWriteItems and TransactGetItems, and the CancellationReasons of a
// TransactionCanceledException.
//
// Thread safety: pure functions.
#pragma once

#include <simdjson.h>

#include <string>
#include <vector>

#include "api/json_writer.h"
#include "stator/requests.h"
#include "stator/status.h"

namespace stator::api {

Status DecodeTransactWriteItems(simdjson::dom::object body, TransactWriteItemsRequest* out);
Status DecodeTransactGetItems(simdjson::dom::object body, TransactGetItemsRequest* out);

// {"ConsumedCapacity":[...]} or "{}".
std::string EncodeTransactWriteItemsResponse(const TransactWriteItemsResponse& r);
// {"Responses":[{"Item":...} or {} per Get], "ConsumedCapacity":[...]}
std::string EncodeTransactGetItemsResponse(const TransactGetItemsResponse& r);

// "Responses":[{"Item":...} or {} per item read], for TransactGetItems and a reading
// ExecuteTransaction.
void EncodeItemResponses(const std::vector<std::optional<Item>>& responses, JsonWriter* w);

// "CancellationReasons":[{"Code":"None"}, {"Code":..., "Message":..., "Item":...}, ...]
void EncodeCancellationReasons(const std::vector<CancellationReason>& reasons, JsonWriter* w);

}  // namespace stator::api
