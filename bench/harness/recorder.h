// Recorder: what one driver thread measured, per operation (latency histogram, errors by
// `__type`, throttles, consumed capacity, and the latencies of cache hits and misses apart when
// the server said which each read was), plus the current one-second interval that the progress
// line and the over-time charts read.
//
// Thread safety: the owning driver thread records; the main thread snapshots. A mutex, held for
// tens of nanoseconds and almost never contended, makes the two safe.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "bench/harness/histogram.h"
#include "bench/harness/workload.h"
#include "stator/requests.h"

namespace stator::bench {

struct OpStats {
  LatencyHistogram latency;
  uint64_t errors = 0;
  std::map<std::string, uint64_t, std::less<>> errors_by_type;
  uint64_t throttled = 0;
  double capacity_units = 0;   // sum of ConsumedCapacity.CapacityUnits returned
  uint64_t capacity_reports = 0;
  // Successful reads a cache answered (hits) or passed on (misses), by the server's word
  // (kCacheOutcomeHeader); both empty against a server that does not say.
  LatencyHistogram hits;
  LatencyHistogram misses;

  void Merge(const OpStats& other);
  bool HasCacheOutcomes() const { return hits.count() + misses.count() > 0; }
  // Hits over the reads whose outcome is known; 0 when none is.
  double HitRatio() const;
};

struct IntervalStats {
  LatencyHistogram latency;
  uint64_t errors = 0;
  uint64_t throttled = 0;
  void Merge(const IntervalStats& other);
};

// One second of the run, for the progress line and the charts.
struct TimelinePoint {
  double t_s = 0;
  double ops_per_s = 0;
  double p50_us = 0;
  double p99_us = 0;
  uint64_t errors = 0;
  uint64_t throttled = 0;
};

bool IsThrottle(std::string_view error_type);

class Recorder {
 public:
  // error_type: empty on success, else the `__type` after '#'. capacity < 0: none returned.
  // cache: whether a cache answered the request, when the server said.
  void Record(Operation op, uint64_t nanos, std::string_view error_type, double capacity,
              CacheOutcome cache = CacheOutcome::kNone);
  // Takes the interval measured since the last call.
  IntervalStats TakeInterval();
  // Per operation, everything since the start.
  std::array<OpStats, kOperationCount> Totals();

 private:
  std::mutex mu_;
  std::array<OpStats, kOperationCount> totals_;
  IntervalStats interval_;
};

}  // namespace stator::bench
