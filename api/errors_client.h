// The client's half of the error table (errors.h is the server's): an error answer of a
// DynamoDB-compatible service read back into the Status the operation would have returned
// in-process, with the same ErrorCode and message and its payload (the old item of a failed
// condition, a cancelled transaction's reasons, throttling reasons).
//
// Thread safety: pure functions.
#pragma once

#include <string_view>

#include "stator/status.h"

namespace stator::api {

// The ErrorCode whose `__type` ends in `type` after any '#' ("ValidationException" or
// "com.amazon.coral.validate#ValidationException"); kInternalServerError for one the table
// does not know.
ErrorCode ErrorCodeOfType(std::string_view type);

// The Status an error answer stands for (http_status >= 400). A body without `__type` maps by
// HTTP status: 5xx to InternalServerError, otherwise ValidationException. An error whose type
// ErrorCode does not know, or that came with another HTTP status than its code's, keeps the
// type and status it came with in its detail (ErrorDetail::service_type).
Status DecodeErrorResponse(int http_status, std::string_view body);

}  // namespace stator::api
