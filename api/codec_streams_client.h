// The client's half of the DynamoDB Streams codec (codec_streams.h and codec_stream_record.h are
// the server's): ListStreams, DescribeStream, GetShardIterator and GetRecords requests as JSON,
// and their answers, records included, read back into the types of stator/streams.h. The Streams
// API shares DynamoDB's endpoint and signing service ("dynamodb") but has a target prefix of its
// own (kStreamsTargetPrefix).
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "stator/status.h"
#include "stator/streams.h"

namespace stator::api {

// The X-Amz-Target prefix of the Streams operations ("DynamoDBStreams_20120810.GetRecords").
inline constexpr std::string_view kStreamsTargetPrefix = "DynamoDBStreams_20120810";

std::string EncodeListStreamsRequest(const ListStreamsRequest& r);
std::string EncodeDescribeStreamRequest(const DescribeStreamRequest& r);
std::string EncodeGetShardIteratorRequest(const GetShardIteratorRequest& r);
std::string EncodeGetRecordsRequest(const GetRecordsRequest& r);

Status DecodeListStreamsResponse(std::string_view body, ListStreamsResponse* out);
Status DecodeDescribeStreamResponse(std::string_view body, DescribeStreamResponse* out);
Status DecodeGetShardIteratorResponse(std::string_view body, GetShardIteratorResponse* out);
Status DecodeGetRecordsResponse(std::string_view body, GetRecordsResponse* out);

}  // namespace stator::api
