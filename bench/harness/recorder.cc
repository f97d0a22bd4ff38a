// Recorder: see recorder.h.
#include "bench/harness/recorder.h"

namespace stator::bench {

bool IsThrottle(std::string_view error_type) {
  return error_type == "ProvisionedThroughputExceededException" ||
         error_type == "ThrottlingException";
}

void OpStats::Merge(const OpStats& other) {
  latency.Merge(other.latency);
  errors += other.errors;
  for (const auto& [type, n] : other.errors_by_type) errors_by_type[type] += n;
  throttled += other.throttled;
  capacity_units += other.capacity_units;
  capacity_reports += other.capacity_reports;
  hits.Merge(other.hits);
  misses.Merge(other.misses);
}

double OpStats::HitRatio() const {
  const uint64_t known = hits.count() + misses.count();
  return known == 0 ? 0 : static_cast<double>(hits.count()) / static_cast<double>(known);
}

void IntervalStats::Merge(const IntervalStats& other) {
  latency.Merge(other.latency);
  errors += other.errors;
  throttled += other.throttled;
}

void Recorder::Record(Operation op, uint64_t nanos, std::string_view error_type, double capacity,
                      CacheOutcome cache) {
  std::lock_guard lock(mu_);
  OpStats& s = totals_[static_cast<int>(op)];
  s.latency.Record(nanos);
  if (cache == CacheOutcome::kHit) s.hits.Record(nanos);
  if (cache == CacheOutcome::kMiss) s.misses.Record(nanos);
  interval_.latency.Record(nanos);
  if (!error_type.empty()) {
    ++s.errors;
    ++interval_.errors;
    auto it = s.errors_by_type.find(error_type);
    if (it == s.errors_by_type.end()) it = s.errors_by_type.emplace(error_type, 0).first;
    ++it->second;
    if (IsThrottle(error_type)) {
      ++s.throttled;
      ++interval_.throttled;
    }
  }
  if (capacity >= 0) {
    s.capacity_units += capacity;
    ++s.capacity_reports;
  }
}

IntervalStats Recorder::TakeInterval() {
  std::lock_guard lock(mu_);
  IntervalStats out = interval_;
  interval_.latency.Reset();
  interval_.errors = interval_.throttled = 0;
  return out;
}

std::array<OpStats, kOperationCount> Recorder::Totals() {
  std::lock_guard lock(mu_);
  return totals_;
}

}  // namespace stator::bench
