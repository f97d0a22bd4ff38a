// The client's half of the batch codec (codec_batch.h is the server's): BatchGetItem and
// BatchWriteItem requests as JSON, their answers read back, unprocessed keys and items included.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "stator/requests.h"
#include "stator/status.h"

namespace stator::api {

std::string EncodeBatchGetItemRequest(const BatchGetItemRequest& r);
std::string EncodeBatchWriteItemRequest(const BatchWriteItemRequest& r);
Status DecodeBatchGetItemResponse(std::string_view body, BatchGetItemResponse* out);
Status DecodeBatchWriteItemResponse(std::string_view body, BatchWriteItemResponse* out);

}  // namespace stator::api
