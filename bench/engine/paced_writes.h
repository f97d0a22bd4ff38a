// What the write-to-handler latency benchmarks share: a writer that puts at a fixed rate and
// timestamps each acknowledgement, and the percentiles of what they measure.
#pragma once

#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

#include "stator/database.h"

namespace stator::bench_util {

inline int64_t NowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// The q-quantile (0..1) of sorted values.
inline double Percentile(const std::vector<double>& sorted, double q) {
  return sorted[static_cast<size_t>(q * static_cast<double>(sorted.size() - 1))];
}

// Puts `puts` in order at `rate` a second (open loop: each at its due time, late ones at once);
// (*acked)[i] is when put i was acknowledged (NowNanos). Stops at the first failure.
inline Status PutAtRate(Database& db, const std::vector<PutItemRequest>& puts, int64_t rate,
                        std::vector<int64_t>* acked) {
  const CallOptions call;
  acked->assign(puts.size(), 0);
  const int64_t begin = NowNanos();
  for (size_t i = 0; i < puts.size(); ++i) {
    const int64_t due = begin + static_cast<int64_t>(i) * 1'000'000'000 / rate;
    if (due > NowNanos()) std::this_thread::sleep_for(std::chrono::nanoseconds(due - NowNanos()));
    auto result = db.PutItem(call, puts[i]);
    (*acked)[i] = NowNanos();
    if (!result.ok()) return result.status();
  }
  return Status::OK();
}

}  // namespace stator::bench_util
