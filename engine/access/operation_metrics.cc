#include "engine/access/operation_metrics.h"

namespace stator::engine {

void OperationMetrics::Record(Operation op, bool ok, uint64_t latency_micros) {
  Counters& c = counters_[static_cast<size_t>(op)];
  c.count.fetch_add(1, std::memory_order_relaxed);
  if (!ok) c.errors.fetch_add(1, std::memory_order_relaxed);
  c.total_micros.fetch_add(latency_micros, std::memory_order_relaxed);
  uint64_t max = c.max_micros.load(std::memory_order_relaxed);
  while (latency_micros > max &&
         !c.max_micros.compare_exchange_weak(max, latency_micros, std::memory_order_relaxed)) {
  }
}

void OperationMetrics::RecordServed(Operation op, bool ok) {
  Counters& c = counters_[static_cast<size_t>(op)];
  c.count.fetch_add(1, std::memory_order_relaxed);
  // A request the cache could have answered but admission refused was not served from it.
  if (ok) {
    c.cached.fetch_add(1, std::memory_order_relaxed);
  } else {
    c.errors.fetch_add(1, std::memory_order_relaxed);
  }
}

OperationStats OperationMetrics::Snapshot() const {
  OperationStats out;
  for (size_t i = 0; i < counters_.size(); ++i) {
    const Counters& c = counters_[i];
    out.by_operation[i] = {c.count.load(std::memory_order_relaxed),
                           c.errors.load(std::memory_order_relaxed),
                           c.cached.load(std::memory_order_relaxed),
                           c.total_micros.load(std::memory_order_relaxed),
                           c.max_micros.load(std::memory_order_relaxed)};
  }
  return out;
}

}  // namespace stator::engine
