// One DynamoDB Streams record as JSON, in the two spellings it travels in: as GetRecords returns
// it (DynamoDBStreams_20120810), and as AWS Lambda hands it to a function in a stream event,
// which adds the record's eventSourceARN and spells the identity of a TTL deletion
// {"type", "principalId"} where the Streams API spells {"Type", "PrincipalId"}. Both come from
// one encoder so that a function sees exactly what a GetRecords caller sees.
//
// Thread safety: pure functions.
#pragma once

#include <string_view>

#include "api/json_writer.h"
#include "stator/streams.h"

namespace stator::api {

// Appends `r` as GetRecords returns it.
void EncodeRecord(const Record& r, JsonWriter* w);

// Appends `r` as a record of Lambda's DynamoDB stream event, read from `event_source_arn`.
void EncodeLambdaRecord(const Record& r, std::string_view event_source_arn, JsonWriter* w);

}  // namespace stator::api
