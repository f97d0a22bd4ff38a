// ServerMetrics: see server_metrics.h.
#include "bench/harness/server_metrics.h"

#include "bench/harness/http_driver.h"

namespace stator::bench {
namespace {

constexpr std::string_view kReadUnits = "stator_consumed_read_capacity_units_total";
constexpr std::string_view kWriteUnits = "stator_consumed_write_capacity_units_total";
constexpr std::string_view kReadThrottles = "stator_read_throttle_events_total";
constexpr std::string_view kWriteThrottles = "stator_write_throttle_events_total";
constexpr std::string_view kRequests = "stator_requests_total";
constexpr std::string_view kCacheHits = "stator_cache_hits_total";

double CounterDifference(double after, double before) {
  return after >= before ? after - before : after;
}

void MapDifference(const std::map<std::string, double, std::less<>>& after,
                   const std::map<std::string, double, std::less<>>& before,
                   std::map<std::string, double, std::less<>>* out) {
  for (const auto& [key, value] : after) {
    const auto it = before.find(key);
    const double d = CounterDifference(value, it == before.end() ? 0 : it->second);
    if (d != 0) out->emplace(key, d);
  }
}

}  // namespace

ServerMetrics ExtractServerMetrics(const std::vector<MetricSample>& samples, std::string_view table,
                                   std::string_view tenant) {
  bool tenant_seen = false;
  for (const auto& s : samples) {
    if (s.Label("table") == table && s.Label("tenant") == tenant) tenant_seen = true;
  }
  ServerMetrics m;
  for (const auto& s : samples) {
    if (s.name == kRequests || s.name == kCacheHits) {
      const std::string_view op = s.Label("operation");
      if (op.empty()) continue;
      (s.name == kRequests ? m.requests : m.cache_hits)[std::string(op)] += s.value;
      continue;
    }
    if (s.Label("table") != table || (tenant_seen && s.Label("tenant") != tenant)) continue;
    if (s.name == kReadUnits) m.read_units += s.value;
    if (s.name == kWriteUnits) m.write_units += s.value;
    if (s.name == kReadThrottles) m.read_throttles += s.value;
    if (s.name == kWriteThrottles) m.write_throttles += s.value;
  }
  return m;
}

ServerMetrics Difference(const ServerMetrics& after, const ServerMetrics& before) {
  ServerMetrics d;
  d.read_units = CounterDifference(after.read_units, before.read_units);
  d.write_units = CounterDifference(after.write_units, before.write_units);
  d.read_throttles = CounterDifference(after.read_throttles, before.read_throttles);
  d.write_throttles = CounterDifference(after.write_throttles, before.write_throttles);
  MapDifference(after.requests, before.requests, &d.requests);
  MapDifference(after.cache_hits, before.cache_hits, &d.cache_hits);
  return d;
}

Result<ServerMetrics> FetchServerMetrics(const RunConfig& config) {
  auto endpoint = ParseEndpoint(config.endpoint);
  if (!endpoint.ok()) return endpoint.status();
  auto reply = HttpGet(*endpoint, config.verify_tls, "/metrics");
  if (!reply.ok()) return reply.status();
  if (reply->status != 200) {
    return Status::NotFound("GET /metrics answered " + std::to_string(reply->status));
  }
  auto samples = ParsePrometheusText(reply->body);
  if (!samples.ok()) return Status::NotFound("GET /metrics: " + samples.status().message());
  if (samples->empty()) return Status::NotFound("GET /metrics answered no samples");
  const std::string tenant = config.credentials.access_key + "_" + config.credentials.region;
  return ExtractServerMetrics(*samples, config.table, tenant);
}

}  // namespace stator::bench
