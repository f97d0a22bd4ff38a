// OperationStats: per-operation figures of the data plane, recorded by the engine's
// table-access step for every request (cache hits included): how many, how many failed, and
// how long they took.
#pragma once

#include <array>
#include <cstdint>

#include "stator/admission.h"

namespace stator {

struct OperationFigures {
  uint64_t count = 0;
  uint64_t errors = 0;        // requests answered with an error (throttled ones included)
  uint64_t cached = 0;        // requests the cache answered (of `count`; their latency untimed)
  uint64_t total_micros = 0;  // the sum of the other requests' latencies, in microseconds
  uint64_t max_micros = 0;
};

struct OperationStats {
  std::array<OperationFigures, kOperationCount> by_operation;  // indexed by Operation
  const OperationFigures& operator[](Operation op) const {
    return by_operation[static_cast<size_t>(op)];
  }
};

}  // namespace stator
