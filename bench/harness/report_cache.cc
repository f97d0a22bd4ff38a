// The report's cache section: per operation, the hit ratio and the latencies of hits and misses
// apart, when the server said of each read whether its cache answered it (kCacheOutcomeHeader).
// A run against a server that never says has no such section, in text or JSON.
#include <cstdio>

#include "bench/harness/report.h"

namespace stator::bench {
namespace {

double Us(uint64_t nanos) { return static_cast<double>(nanos) / 1000.0; }

void LatencyJson(const LatencyHistogram& h, std::ostream& out) {
  out << "{\"p50\":" << Fixed(Us(h.Percentile(0.5)), 1)
      << ",\"p90\":" << Fixed(Us(h.Percentile(0.9)), 1)
      << ",\"p99\":" << Fixed(Us(h.Percentile(0.99)), 1)
      << ",\"p999\":" << Fixed(Us(h.Percentile(0.999)), 1) << ",\"max\":" << Fixed(Us(h.max()), 1)
      << ",\"mean\":" << Fixed(h.Mean() / 1000, 1) << "}";
}

}  // namespace

void PrintCacheText(const Report& r, std::ostream& out) {
  const OpStats total = r.Total();
  if (!total.HasCacheOutcomes()) return;
  char line[256];
  std::snprintf(line, sizeof line, "cache (%.*s)\n%-20s %9s %10s %9s %9s %10s %9s %9s\n",
                static_cast<int>(kCacheOutcomeHeader.size()), kCacheOutcomeHeader.data(),
                "operation", "hit ratio", "hits", "p50 us", "p99 us", "misses", "p50 us",
                "p99 us");
  out << line;
  auto row = [&](std::string_view name, const OpStats& s) {
    std::snprintf(line, sizeof line, "%-20.*s %9.4f %10llu %9.1f %9.1f %10llu %9.1f %9.1f\n",
                  static_cast<int>(name.size()), name.data(), s.HitRatio(),
                  static_cast<unsigned long long>(s.hits.count()), Us(s.hits.Percentile(0.5)),
                  Us(s.hits.Percentile(0.99)), static_cast<unsigned long long>(s.misses.count()),
                  Us(s.misses.Percentile(0.5)), Us(s.misses.Percentile(0.99)));
    out << line;
  };
  for (int i = 0; i < kOperationCount; ++i) {
    if (r.ops[i].HasCacheOutcomes()) row(ToString(static_cast<Operation>(i)), r.ops[i]);
  }
  row("total", total);
}

void CacheJson(const OpStats& s, std::ostream& out) {
  if (!s.HasCacheOutcomes()) return;
  out << ",\"cache\":{\"hits\":" << s.hits.count() << ",\"misses\":" << s.misses.count()
      << ",\"hit_ratio\":" << Fixed(s.HitRatio(), 4) << ",\"hit_latency_us\":";
  LatencyJson(s.hits, out);
  out << ",\"miss_latency_us\":";
  LatencyJson(s.misses, out);
  out << "}";
}

}  // namespace stator::bench
