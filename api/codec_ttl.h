// Codec of UpdateTimeToLive (DescribeTimeToLive's response is in codec_misc.h with the other
// per-table settings).
//
// Thread safety: pure functions.
#pragma once

#include <simdjson.h>

#include <string>

#include "stator/requests.h"
#include "stator/status.h"

namespace stator::api {

// Both members of TimeToLiveSpecification are required, as the service's model says; their
// bounds (AttributeName of 1 to 255 characters) are the engine's to check.
Status DecodeUpdateTimeToLive(simdjson::dom::object body, UpdateTimeToLiveRequest* out);

// {"TimeToLiveSpecification":{"Enabled":...,"AttributeName":...}}
std::string EncodeUpdateTimeToLiveResponse(const TimeToLiveSpecification& r);

}  // namespace stator::api
