// OperationStats: per-operation figures of the data plane, recorded by the engine's
// table-access step for every request (cache hits included): how many, how many failed and with
// which error, and how long they took; the same per table, with the table's item count and size.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "stator/admission.h"
#include "stator/status.h"

namespace stator {

// The upper bounds of the latency histogram's buckets, in microseconds: 50 µs to 2.5 s, about
// three to a decade, as Prometheus's default buckets are spaced.
inline constexpr std::array<uint64_t, 15> kLatencyBucketMicros = {
    50, 100, 250, 500, 1'000, 2'500, 5'000, 10'000, 25'000, 50'000, 100'000, 250'000, 500'000,
    1'000'000, 2'500'000};

// One past the last ErrorCode.
inline constexpr size_t kErrorCodeCount = static_cast<size_t>(ErrorCode::kIOError) + 1;

struct OperationFigures {
  uint64_t count = 0;
  uint64_t errors = 0;        // requests answered with an error (throttled ones included)
  uint64_t cached = 0;        // requests the cache answered (of `count`; their latency untimed)
  uint64_t total_micros = 0;  // the sum of the other requests' latencies, in microseconds
  uint64_t max_micros = 0;
  // The timed requests by latency: latency_buckets[i] counts those at most
  // kLatencyBucketMicros[i] and above the bound before; the last, those above every bound.
  std::array<uint64_t, kLatencyBucketMicros.size() + 1> latency_buckets{};
  // The failed requests by error (indexed by ErrorCode; kOk unused).
  std::array<uint64_t, kErrorCodeCount> errors_by_code{};
};

// One table's figures: its requests by operation (cache hits are counted once per table access
// they served), and its items.
struct TableOperationFigures {
  std::string tenant;  // the namespace the table lives in
  std::string table;
  int64_t item_count = 0;
  int64_t size_bytes = 0;
  std::array<OperationFigures, kOperationCount> by_operation;
};

struct OperationStats {
  std::array<OperationFigures, kOperationCount> by_operation;  // indexed by Operation
  std::vector<TableOperationFigures> by_table;                 // every table, in no order
  const OperationFigures& operator[](Operation op) const {
    return by_operation[static_cast<size_t>(op)];
  }
};

}  // namespace stator
