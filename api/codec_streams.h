// Codec of the DynamoDB Streams operations (DynamoDBStreams_20120810): ListStreams,
// DescribeStream, GetShardIterator, GetRecords. Decoders turn a request body into the typed request
// of stator/streams.h; encoders write the typed response as the service's JSON.
//
// As with the DynamoDB codecs, the members' declared bounds (lengths, each Limit's range, the
// iterator type's values, a table name's pattern) are the shape check's, generated from the
// Streams API model (api/shape_check.h), which lists them all in one ValidationException as the
// service does; the decoders report a member of the wrong JSON type. What needs the streams
// themselves (an ARN that names no stream, an unknown shard, a sequence number outside
// the shard, an iterator that is malformed or expired, a SequenceNumber given or missing for the
// iterator type) is the engine's to report.
//
// Thread safety: pure functions.
#pragma once

#include <simdjson.h>

#include <string>

#include "stator/status.h"
#include "stator/streams.h"

namespace stator::api {

Status DecodeListStreams(simdjson::dom::object body, ListStreamsRequest* out);
Status DecodeDescribeStream(simdjson::dom::object body, DescribeStreamRequest* out);
Status DecodeGetShardIterator(simdjson::dom::object body, GetShardIteratorRequest* out);
Status DecodeGetRecords(simdjson::dom::object body, GetRecordsRequest* out);

// Each writes every member that is set, in the service's order; lists (Streams, Shards, Records)
// are written even when empty, as the service writes them.
std::string EncodeListStreamsResponse(const ListStreamsResponse& r);
std::string EncodeDescribeStreamResponse(const DescribeStreamResponse& r);
std::string EncodeGetShardIteratorResponse(const GetShardIteratorResponse& r);
std::string EncodeGetRecordsResponse(const GetRecordsResponse& r);

}  // namespace stator::api
