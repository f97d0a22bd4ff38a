// Where a DynamoDB endpoint's Streams API (DynamoDBStreams_20120810) is served. Amazon DynamoDB
// serves it at a host of its own, streams.dynamodb.<region>.amazonaws.com beside
// dynamodb.<region>.amazonaws.com (and likewise under amazonaws.com.cn), as the SDKs' endpoint
// rules name it; the other DynamoDB-compatible services (Stator, DynamoDB Local, Alternator)
// serve both APIs at one endpoint. Both are signed for the service "dynamodb".
//
// Thread safety: a pure function.
#pragma once

#include "api/client/endpoint.h"

namespace stator::remote {

// The Streams endpoint of `endpoint`: the streams.dynamodb host of an Amazon DynamoDB regional
// endpoint, with the same scheme and port; `endpoint` itself for any other host.
client::Endpoint StreamsEndpointOf(const client::Endpoint& endpoint);

}  // namespace stator::remote
