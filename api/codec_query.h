// Codec of Query and Scan: request decoding (legacy KeyConditions/QueryFilter/ScanFilter and the
// expression parameters carried as given; the engine decides which combinations are valid) and
// the page response {"Items", "Count", "ScannedCount", "LastEvaluatedKey", "ConsumedCapacity"}.
//
// Thread safety: pure functions.
#pragma once

#include <simdjson.h>

#include <string>

#include "stator/requests.h"
#include "stator/status.h"

namespace stator::api {

Status DecodeQuery(simdjson::dom::object body, QueryRequest* out);
Status DecodeScan(simdjson::dom::object body, ScanRequest* out);

// Items is omitted with Select COUNT, LastEvaluatedKey when the read is complete.
std::string EncodeReadResponse(const ReadResponse& r);

}  // namespace stator::api
