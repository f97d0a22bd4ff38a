// Codec of the PartiQL operations: ExecuteStatement, BatchExecuteStatement, ExecuteTransaction.
//
// Thread safety: pure functions.
#pragma once

#include <simdjson.h>

#include <string>

#include "stator/partiql.h"
#include "stator/status.h"

namespace stator::api {

Status DecodeExecuteStatement(simdjson::dom::object body, ExecuteStatementRequest* out);
Status DecodeBatchExecuteStatement(simdjson::dom::object body, BatchExecuteStatementRequest* out);
Status DecodeExecuteTransaction(simdjson::dom::object body, ExecuteTransactionRequest* out);

// {"Items":[...], "NextToken":..., "LastEvaluatedKey":..., "ConsumedCapacity":...}
std::string EncodeExecuteStatementResponse(const ExecuteStatementResponse& r);
// {"Responses":[{"TableName":..., "Item":...} or {"Error":{"Code","Message","Item"}}],
//  "ConsumedCapacity":[...]}
std::string EncodeBatchExecuteStatementResponse(const BatchExecuteStatementResponse& r);
// {"Responses":[{"Item":...} or {}]} for reads, "{}" for writes; "ConsumedCapacity":[...].
std::string EncodeExecuteTransactionResponse(const ExecuteTransactionResponse& r);

}  // namespace stator::api
