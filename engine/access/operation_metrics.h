// OperationMetrics: the per-operation figures of the data plane (stator/operation_stats.h):
// count, errors by type and a latency histogram. The table-access step keeps one for the whole
// database and each table one of its own (Table::requests).
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
  // A request the engine answered, with its outcome (kOk or the error) and latency.
  void Record(Operation op, ErrorCode outcome, uint64_t latency_micros);
  // A request answered in front of the engine: counted, not timed.
  void RecordServed(Operation op, ErrorCode outcome);
  std::array<OperationFigures, kOperationCount> Snapshot() const;

 private:
  struct Counters {
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> errors{0};
    std::atomic<uint64_t> cached{0};
    std::atomic<uint64_t> total_micros{0};
    std::atomic<uint64_t> max_micros{0};
    std::array<std::atomic<uint64_t>, kLatencyBucketMicros.size() + 1> latency_buckets{};
    std::array<std::atomic<uint64_t>, kErrorCodeCount> errors_by_code{};
  };
  static void CountError(Counters& c, ErrorCode outcome);

  std::array<Counters, kOperationCount> counters_;
};

}  // namespace stator::engine
