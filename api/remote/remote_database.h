// The remote Database: the public API (stator/database.h) spoken to a DynamoDB-compatible
// service over HTTP/1.1, so that an embedded program moves between the in-process engine and a
// cluster by configuration alone (Options::remote). Each call encodes its typed request as the
// service's JSON (the client codecs, api/*_client.h), signs it with SigV4, sends it on a pooled
// keep-alive connection within the request timeout, retries as the AWS SDKs do (retry_policy.h)
// and reads the answer back into the typed response, or the error into a Status with the
// service's ErrorCode, message and payload. A failure to reach the service is an IOError
// (with kUnreachableType in its detail).
//
// Every operation of the Database is sent, the Streams API's (ListStreams, DescribeStream,
// GetShardIterator, GetRecords) with its own X-Amz-Target prefix, to the same endpoint or, for
// Amazon DynamoDB's regional endpoints, to their Streams host (streams_endpoint.h).
// CallOptions are not sent: the service places tables by the signing credentials' account and
// region.
//
// Thread safety: as every Database, safe for concurrent use; calls run in parallel on as many
// connections as there are callers.
#pragma once

#include <memory>

#include "api/remote/credential_chain.h"
#include "api/remote/retry_policy.h"
#include "stator/database.h"

namespace stator::remote {

// How a server in front of the service answers when the service cannot be reached: the
// `__type` (HTTP 503) of ErrorDetail::service_type on the IOError such a call returns.
inline constexpr std::string_view kUnreachableType =
    "com.amazonaws.dynamodb.v20120810#ServiceUnavailable";

// Opens a Database on options.remote (endpoint set). Nothing is sent until the first call.
// Errors: ValidationException for a malformed endpoint or settings, or when no credentials are
// found (credential_chain.h). sleep: how retries wait (tests pass one that does not).
Result<std::unique_ptr<Database>> OpenRemoteDatabase(const Options& options,
                                                     RetryPolicy::Sleep sleep = nullptr,
                                                     const Environment& env = ProcessEnvironment());

}  // namespace stator::remote
