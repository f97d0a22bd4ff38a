// What a stream handler answered, read as Lambda reads a function's response to a stream batch
// (Lambda's "Configuring partial batch response with DynamoDB and Lambda"):
//  - success: a null response, an empty one, an object without "batchItemFailures", or with it
//    null or empty;
//  - partial success: {"batchItemFailures": [{"itemIdentifier": "<SequenceNumber>"}, ...]};
//  - failure of the whole batch: a batchItemFailures entry whose itemIdentifier is missing,
//    null, empty or not a string, or that is not an object; batchItemFailures that is not a
//    list; and a response that is not JSON or not a JSON object (Lambda cannot read it as a
//    StreamsEventResponse).
// A "state" that is a JSON object is the tumbling window's state (kept as its JSON text);
// whether one is required (a tumbling window) is the consumer's to decide, as are whether the
// failed items count (FunctionResponseTypes: ReportBatchItemFailures) and what to do with an
// identifier that names no record of the batch.
//
// Thread safety: ParseFunctionResponse may be called from any number of threads at once (each
// thread parses with its own parser).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "stator/event_source_mapping.h"

namespace stator::api {

// Lambda's limit on the response of a synchronous invocation, and its words for a larger one.
inline constexpr size_t kMaxFunctionResponseBytes = 6291556;
inline constexpr std::string_view kResponseTooLarge =
    "Response payload size exceeded maximum allowed payload size (6291556 bytes).";

// Stator's words for responses Lambda would not accept; the handler's error names the cause.
inline constexpr std::string_view kInvalidResponsePrefix = "Invalid function response: ";

// Reads `body`, the handler's whole response. Leading and trailing white space is ignored, and
// a body that is only white space counts as null (a command that prints nothing succeeded).
StreamHandlerResponse ParseFunctionResponse(std::string_view body);

}  // namespace stator::api
