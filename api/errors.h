// The one table that maps an ErrorCode to the service's error `__type` and HTTP status, and the
// JSON body of an error response.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "stator/status.h"

namespace stator::api {

struct ErrorShape {
  std::string_view type;  // full `__type`, e.g. "com.amazon.coral.validate#ValidationException"
  int http_status;
};

ErrorShape ErrorShapeOf(ErrorCode code);

// {"__type":"...","message":"..."} for a failed status (no payload fields).
std::string ErrorBody(ErrorCode code, std::string_view message);

}  // namespace stator::api
