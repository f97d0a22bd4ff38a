// ServerMetrics: what a Stator server's `GET /metrics` says about one table, read before and
// after a run (--server-metrics) so the report can put the server's view (consumed capacity,
// throttle events, requests and cache hits by operation) beside what the clients saw.
//
// Thread safety: values and pure functions; FetchServerMetrics does one blocking request.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bench/harness/prometheus_text.h"
#include "bench/harness/run_state.h"
#include "stator/status.h"

namespace stator::bench {

struct ServerMetrics {
  double read_units = 0;       // stator_consumed_read_capacity_units_total, table and its indexes
  double write_units = 0;      // stator_consumed_write_capacity_units_total, likewise
  double read_throttles = 0;   // stator_read_throttle_events_total
  double write_throttles = 0;  // stator_write_throttle_events_total
  // Per operation, server-wide: the server counts these for all tables together.
  std::map<std::string, double, std::less<>> requests;    // stator_requests_total
  std::map<std::string, double, std::less<>> cache_hits;  // stator_cache_hits_total
};

// The figures of table out of samples. tenant: the server's namespace of the run's credentials
// (Stator's is ACCESSKEY_REGION); when no sample of the table carries it (another tenancy
// scheme), the table's samples of every tenant are summed.
ServerMetrics ExtractServerMetrics(const std::vector<MetricSample>& samples, std::string_view table,
                                   std::string_view tenant);

// after - before, per figure; operations whose difference is 0 are left out. A counter that
// went down (the server restarted during the run) counts from 0: its value after.
ServerMetrics Difference(const ServerMetrics& after, const ServerMetrics& before);

// GETs /metrics from config.endpoint and extracts the run's table. Errors: IOError when the
// endpoint cannot be reached; NotFound when it answers other than 200 with Prometheus text
// (an endpoint that exposes no metrics).
Result<ServerMetrics> FetchServerMetrics(const RunConfig& config);

}  // namespace stator::bench
