// The administrative listing of the event source mappings, GET /stator/event-source-mappings, a
// path outside the DynamoDB API (the Router's): a JSON array with one object per mapping, in the
// names Lambda's GetEventSourceMapping uses for what it reports (UUID, FunctionName,
// EventSourceArn, State, LastProcessingResult, BatchSize) and, after them, Stator's own:
// TableName, and the counters Invocations, FailedInvocations, RecordsDelivered,
// RecordsFiltered, BatchesSentToFailureDestination, and IteratorAgeMilliseconds (Lambda's
// IteratorAge metric). EventSourceArn and TableName are null when there is none (no stream yet,
// or a mapping named by its ARN).
//
// Thread safety: pure functions; the route reads the Database on each request.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/router.h"
#include "stator/database.h"

namespace stator::api {

inline constexpr std::string_view kEventSourceMappingsPath = "/stator/event-source-mappings";

std::string EncodeEventSourceMappings(const std::vector<EventSourceMappingStatus>& mappings);

// Answers 200, application/json, with the listing of db.GetEventSourceMappings(). `db` must
// outlive the handler.
Router::Handler EventSourceMappingsRoute(const Database& db);

}  // namespace stator::api
