// The event a stream handler receives: AWS Lambda's DynamoDB stream event for one batch,
// {"Records": [...]}, each record as GetRecords returns it plus its "eventSourceARN" (see
// api/codec_stream_record.h for the two spellings); with a tumbling window, Lambda's
// DynamodbTimeWindowEvent, which adds "window", "state", "shardId", "eventSourceARN",
// "isFinalInvokeForWindow" and "isWindowTerminatedEarly". Command and URL handlers send this text;
// a Lambda handler run through tools/lambda/ reads it unchanged.
//
// Thread safety: pure functions.
#pragma once

#include <string>

#include "stator/event_source_mapping.h"

namespace stator::api {

// The event's JSON, records in the batch's order (oldest first).
std::string EncodeStreamEvent(const StreamHandlerEvent& event);

}  // namespace stator::api
