// The report's server section (--server-metrics): what the server counted for the run's table
// over the run, beside what the clients saw. The two differ by design where they measure
// different things: the server's requests are per operation for all tables, and include
// requests from other clients; a throttled request counts as a client error and a server
// throttle event alike.
#include <cstdio>
#include <sstream>

#include "bench/harness/report.h"

namespace stator::bench {
namespace {

template <class Map>
void JsonObject(const Map& map, std::ostream& out) {
  out << "{";
  bool first = true;
  for (const auto& [key, n] : map) {
    out << (first ? "" : ",") << JsonString(key) << ":" << Fixed(n, 0);
    first = false;
  }
  out << "}";
}

template <class Map>
std::string TextList(const Map& map) {
  std::string out;
  for (const auto& [key, n] : map) {
    out += (out.empty() ? "" : ", ") + std::string(key) + " " + Fixed(n, 0);
  }
  return out.empty() ? "none" : out;
}

}  // namespace

void PrintServerText(const Report& r, std::ostream& out) {
  if (!r.server) return;
  const ServerSection& s = *r.server;
  if (!s.available) {
    out << "server: exposes no metrics (" << s.unavailable << ")\n";
    return;
  }
  const ServerMetrics& m = s.delta;
  const double seconds = r.seconds > 0 ? r.seconds : 1;
  const OpStats total = r.Total();
  out << "server (GET /metrics, table " << s.table << "):\n"
      << "  consumed read units  " << Fixed(m.read_units, 1) << " ("
      << Fixed(m.read_units / seconds, 1) << "/s)   write units " << Fixed(m.write_units, 1) << " ("
      << Fixed(m.write_units / seconds, 1) << "/s)\n"
      << "  throttle events      read " << Fixed(m.read_throttles, 0) << "  write "
      << Fixed(m.write_throttles, 0) << "   clients saw " << total.throttled << " throttled\n"
      << "  requests             " << TextList(m.requests) << "   clients sent "
      << total.latency.count() << ", errors " << total.errors << "\n"
      << "  cache hits           " << TextList(m.cache_hits) << "\n";
}

void ServerJson(const Report& r, std::ostream& out) {
  if (!r.server) return;
  const ServerSection& s = *r.server;
  out << ",\"server\":{\"table\":" << JsonString(s.table)
      << ",\"available\":" << (s.available ? "true" : "false");
  if (!s.available) {
    out << ",\"unavailable\":" << JsonString(s.unavailable) << "}";
    return;
  }
  const ServerMetrics& m = s.delta;
  const double seconds = r.seconds > 0 ? r.seconds : 1;
  const OpStats total = r.Total();
  out << ",\"consumed_read_units\":" << Fixed(m.read_units, 1)
      << ",\"consumed_read_units_per_s\":" << Fixed(m.read_units / seconds, 2)
      << ",\"consumed_write_units\":" << Fixed(m.write_units, 1)
      << ",\"consumed_write_units_per_s\":" << Fixed(m.write_units / seconds, 2)
      << ",\"read_throttle_events\":" << Fixed(m.read_throttles, 0)
      << ",\"write_throttle_events\":" << Fixed(m.write_throttles, 0) << ",\"requests\":";
  JsonObject(m.requests, out);
  out << ",\"cache_hits\":";
  JsonObject(m.cache_hits, out);
  out << ",\"clients\":{\"requests\":" << total.latency.count() << ",\"errors\":" << total.errors
      << ",\"errors_by_type\":";
  JsonObject(total.errors_by_type, out);
  out << ",\"throttled\":" << total.throttled << "}}";
}

}  // namespace stator::bench
