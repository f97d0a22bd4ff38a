// Codec of the DynamoDB Streams operations (DynamoDBStreams_20120810): ListStreams,
// DescribeStream, GetShardIterator, GetRecords. Decoders turn a request body into the typed request
// of stator/streams.h; encoders write the typed response as the service's JSON.
//
// Unlike the DynamoDB codecs, the decoders also check each member's length and range bounds (the
// shapes' min/max, and the Limit ceilings the service enforces), so that a request with several
// faults gets the one ValidationException that lists them all, as the service sends. What needs
// the streams themselves (an ARN that names no stream, an unknown shard, a sequence number outside
// the shard, an iterator that is malformed or expired, a SequenceNumber given or missing for the
// iterator type) is the engine's to report.
//
// Thread safety: pure functions.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>

#include "stator/status.h"
#include "stator/streams.h"

namespace stator::api {

// The most a Limit may ask for: the service refuses more with a ValidationException.
inline constexpr int64_t kMaxListStreamsLimit = 100;
inline constexpr int64_t kMaxDescribeStreamLimit = 100;
inline constexpr int64_t kMaxGetRecordsLimit = 1000;

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
