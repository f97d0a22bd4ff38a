// The client's half of the transaction codec (codec_transact.h is the server's):
// TransactWriteItems and TransactGetItems requests as JSON and their answers read back.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "stator/requests.h"
#include "stator/status.h"

namespace stator::api {

std::string EncodeTransactWriteItemsRequest(const TransactWriteItemsRequest& r);
std::string EncodeTransactGetItemsRequest(const TransactGetItemsRequest& r);
Status DecodeTransactWriteItemsResponse(std::string_view body, TransactWriteItemsResponse* out);
Status DecodeTransactGetItemsResponse(std::string_view body, TransactGetItemsResponse* out);

}  // namespace stator::api
