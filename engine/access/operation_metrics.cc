#include "engine/access/operation_metrics.h"

#include <algorithm>

namespace stator::engine {

void OperationMetrics::CountError(Counters& c, ErrorCode outcome) {
  c.errors.fetch_add(1, std::memory_order_relaxed);
  const size_t code = std::min(static_cast<size_t>(outcome), kErrorCodeCount - 1);
  c.errors_by_code[code].fetch_add(1, std::memory_order_relaxed);
}

void OperationMetrics::Record(Operation op, ErrorCode outcome, uint64_t latency_micros) {
  Counters& c = counters_[static_cast<size_t>(op)];
  c.count.fetch_add(1, std::memory_order_relaxed);
  if (outcome != ErrorCode::kOk) CountError(c, outcome);
  c.total_micros.fetch_add(latency_micros, std::memory_order_relaxed);
  const size_t bucket = std::lower_bound(kLatencyBucketMicros.begin(), kLatencyBucketMicros.end(),
                                         latency_micros) -
                        kLatencyBucketMicros.begin();
  c.latency_buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  uint64_t max = c.max_micros.load(std::memory_order_relaxed);
  while (latency_micros > max &&
         !c.max_micros.compare_exchange_weak(max, latency_micros, std::memory_order_relaxed)) {
  }
}

void OperationMetrics::RecordServed(Operation op, ErrorCode outcome) {
  Counters& c = counters_[static_cast<size_t>(op)];
  c.count.fetch_add(1, std::memory_order_relaxed);
  // A request the cache could have answered but admission refused was not served from it.
  if (outcome == ErrorCode::kOk) {
    c.cached.fetch_add(1, std::memory_order_relaxed);
  } else {
    CountError(c, outcome);
  }
}

std::array<OperationFigures, kOperationCount> OperationMetrics::Snapshot() const {
  std::array<OperationFigures, kOperationCount> out;
  for (size_t i = 0; i < counters_.size(); ++i) {
    const Counters& c = counters_[i];
    OperationFigures& f = out[i];
    f.count = c.count.load(std::memory_order_relaxed);
    f.errors = c.errors.load(std::memory_order_relaxed);
    f.cached = c.cached.load(std::memory_order_relaxed);
    f.total_micros = c.total_micros.load(std::memory_order_relaxed);
    f.max_micros = c.max_micros.load(std::memory_order_relaxed);
    for (size_t b = 0; b < f.latency_buckets.size(); ++b) {
      f.latency_buckets[b] = c.latency_buckets[b].load(std::memory_order_relaxed);
    }
    for (size_t e = 0; e < f.errors_by_code.size(); ++e) {
      f.errors_by_code[e] = c.errors_by_code[e].load(std::memory_order_relaxed);
    }
  }
  return out;
}

}  // namespace stator::engine
