// GET /: the service's health check, which load balancers and clients probe without signing. It
// answers "healthy: <host> " with the address the client used (the request's Host header), as
// the service does: DynamoDB answers "healthy: dynamodb.us-east-1.amazonaws.com " to a client of
// that endpoint, and a client of a local endpoint learns the address it reached. A request
// without a Host header (HTTP/1.0) gets the service's endpoint for the configured region.
//
// While the store refuses writes (a full disk, an I/O error) it answers 503 "unhealthy: <host>
// cannot write: <why>", so that a load balancer or an operator's probe sees a server that cannot
// take writes; reads are still served meanwhile.
//
// Thread safety: the handler may be called concurrently; it keeps no state.
#pragma once

#include <string>
#include <string_view>

#include "api/router.h"
#include "stator/database.h"

namespace stator::api {

// The health check's text for a request that named `host` (empty: none) to a server standing in
// for `region`.
std::string HealthText(std::string_view host, std::string_view region);

// Adds GET /. `db` (may be null: always healthy) tells whether the store can write.
void AddHealthRoute(Router& router, std::string region, const Database* db = nullptr);

}  // namespace stator::api
