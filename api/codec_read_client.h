// The client's half of the Query and Scan codec (codec_query.h is the server's).
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "stator/requests.h"
#include "stator/status.h"

namespace stator::api {

std::string EncodeQueryRequest(const QueryRequest& r);
std::string EncodeScanRequest(const ScanRequest& r);
// One page of a Query or Scan. Errors: IOError for a malformed answer.
Status DecodeReadResponse(std::string_view body, ReadResponse* out);

}  // namespace stator::api
