// GET /metrics: the database's figures in the Prometheus text exposition format (version 0.0.4),
// on the server's own port, for a scraper or `curl` during a load test:
//
//   stator_requests_total{operation}                       requests (cache hits included)
//   stator_request_errors_total{operation}, _by_type_total{operation,type}
//   stator_cache_hits_total{operation}                     requests the cache answered
//   stator_request_latency_seconds{operation}              histogram of the engine's latency
//   stator_request_latency_max_seconds{operation}
//   stator_table_*{tenant,table,operation}                 the same per table, with
//   stator_table_items, stator_table_size_bytes{tenant,table}
//   stator_throttled_requests_total{tenant,table,operation}            (ThrottledRequests)
//   stator_consumed_{read,write}_capacity_units_total{tenant,table,index} (Consumed*Units)
//   stator_{read,write}_throttle_events_total{tenant,table,index}      (*ThrottleEvents)
//   stator_throttle_events_by_reason_total{tenant,table,index,reason}   (*<Limit>ThrottleEvents)
//   stator_partitions{tenant,table,index}                   partitions now
//   stator_partition_consumed_{read,write}_capacity_units_total{tenant,table,index,partition}
//   stator_partition_{read,write}_throttle_events_total{tenant,table,index,partition}
//   stator_event_source_{invocations,failed_invocations,records_delivered,records_filtered,
//     failure_destination_batches}_total{mapping,function,table}  (Lambda Invocations, Errors)
//   stator_event_source_iterator_age_seconds{mapping,function,table}  (Lambda IteratorAge)
//   stator_event_source_enabled{mapping,function,table}
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
