// OperationMetrics: the per-operation figures of the data plane (stator/operation_stats.h):
// count, errors and latency, recorded by the table-access step for every request.
//
// Thread safety: lock-free; Record may be called from any number of threads.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

#include "stator/operation_stats.h"

namespace stator::engine {

class OperationMetrics {
 public:
  void Record(Operation op, bool ok, uint64_t latency_micros);
  // A request answered in front of the engine: counted, not timed.
  void RecordServed(Operation op, bool ok);
  OperationStats Snapshot() const;

 private:
  struct Counters {
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> errors{0};
    std::atomic<uint64_t> cached{0};
    std::atomic<uint64_t> total_micros{0};
    std::atomic<uint64_t> max_micros{0};
  };
  std::array<Counters, kOperationCount> counters_;
};

}  // namespace stator::engine
