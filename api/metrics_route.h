// GET /metrics: the database's figures in the Prometheus text exposition format (version 0.0.4),
// on the server's own port, for a scraper or `curl` during a load test:
//
//   stator_requests_total{operation}                      requests (cache hits included)
//   stator_request_errors_total{operation}                 requests answered with an error
//   stator_cache_hits_total{operation}                     requests the cache answered
//   stator_request_latency_seconds_sum/_count{operation}   latency of the engine's requests
//   stator_request_latency_seconds_max{operation}
//   stator_consumed_read_capacity_units_total{tenant,table,index}   (CloudWatch:
//   stator_consumed_write_capacity_units_total{tenant,table,index}   Consumed*CapacityUnits)
//   stator_read_throttle_events_total{tenant,table}         (ReadThrottleEvents)
//   stator_write_throttle_events_total{tenant,table}        (WriteThrottleEvents)
//
// Thread safety: the handler may be called concurrently; the database's figures are.
#pragma once

#include <string>
#include <string_view>

#include "api/router.h"
#include "stator/database.h"

namespace stator::api {

inline constexpr std::string_view kMetricsPath = "/metrics";

// The page's text for `db`'s figures now.
std::string MetricsText(const Database& db);

// Adds GET kMetricsPath, on `db`, which must outlive the router.
void AddMetricsRoute(Router& router, const Database& db);

}  // namespace stator::api
