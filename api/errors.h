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

// The shape a failed status is answered with: the one a remote service sent when its detail
// carries it (ErrorDetail::service_type), else its code's.
ErrorShape ErrorShapeOf(const Status& status);

// The member that carries the message: "Message" for the errors of the service's Coral front end
// that spell it so (SerializationException, AccessDeniedException), "message" otherwise.
std::string_view MessageKey(ErrorCode code);

// {"__type":"...","message":"..."} for a failed status (no payload fields). An empty message is
// left out, as the service sends none with e.g. UnknownOperationException or an unparsable body.
std::string ErrorBody(ErrorCode code, std::string_view message);

// The body of a failed status with its payload: the old item of a ConditionalCheckFailed
// (ALL_OLD), the CancellationReasons of a TransactionCanceledException.
std::string ErrorBody(const Status& status);

}  // namespace stator::api
